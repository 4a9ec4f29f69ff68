import { and, eq, inArray } from "drizzle-orm";
import { NonRetriableError } from "inngest";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { markDocumentRead } from "@/db/queries/documents";
import { messagesForDocument } from "@/db/queries/intake";
import { saveExtraction } from "@/db/queries/invoices/save-extraction";
import { knownVendors, loadVendorMemories } from "@/db/queries/invoices/vendors";
import { documents } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { appEvent, documentUploaded } from "@/inngest/events";
import { documentPageKey } from "@/lib/documents/upload";
import { pairedEInvoiceKey } from "@/lib/intake/intake-file";
import { ExtractionError, processDocument } from "@/lib/extraction";
import { documentMachine } from "@/lib/status/machines";
import { extractDeps, type ExtractDeps } from "@/services/documents/reading-deps";

// Reads one document, top to bottom: claim it → read the bytes and extract (text layer, OCR for scans,
// classify, split, extract, validate) → save the invoices it holds (a machine decision, audited).
// PDFs, images and e-invoice XML are read here (a PDF's paired XML, stored beside it, is its invoice);
// spreadsheets and emails are marked done and handled by their own modules.

const READABLE = new Set(["application/pdf", "image/png", "image/jpeg", "image/tiff", "application/xml"]);

/** A file that cannot be read as it is (password, corrupt, unsupported) is "unreadable": a retry would fail the same way. */
const UNREADABLE = "unreadable";

/** Failed, if its machine lets it fail from where it is (a document already read stays read); audited when it did. */
async function markFailed(db: Db, workspaceId: string, documentId: string, message: string, opts: { permanent?: boolean } = {}) {
  const changed = await db
    .update(documents)
    .set({ status: "failed", error: message, updatedAt: new Date(), ...(opts.permanent && { classification: UNREADABLE }) })
    .where(and(eq(documents.workspaceId, workspaceId), eq(documents.id, documentId), inArray(documents.status, documentMachine.from("failed"))))
    .returning({ id: documents.id });
  if (!changed.length) return;
  await recordAudit(db, { workspaceId, actorId: null, action: "document.failed", entityType: "document", entityId: documentId, after: { error: message } });
}

export function createExtractDocumentFunction(deps: () => Promise<ExtractDeps>) {
  return inngest.createFunction(
  {
    id: "extract-document",
    name: "Read a document",
    retries: 3,
    triggers: [documentUploaded],
    // Reading is CPU-bound (OCR): two at a time per workspace keeps one workspace from starving the others.
    concurrency: { limit: 2, key: "event.data.workspaceId" },
    onFailure: async ({ event, error }) => {
      const { workspaceId, documentId } = event.data.event.data;
      const { db } = await deps();
      await markFailed(db, workspaceId, documentId, `Reading failed: ${error.message}. Use Retry to try again.`);
    },
  },
  async ({ event, step }) => {
    const { workspaceId, documentId } = event.data;

    const doc = await step.run("claim", async () => {
      const { db } = await deps();
      const [row] = await db
        .select({ filename: documents.filename, contentType: documents.contentType, blobKey: documents.blobKey, status: documents.status, readAs: documents.readAs })
        .from(documents)
        .where(and(eq(documents.workspaceId, workspaceId), eq(documents.id, documentId)));
      if (!row) return null;
      if (!READABLE.has(row.contentType)) {
        // Spreadsheets and emails are kept as they are and taken up by their own module (a broker's fleet list
        // opens a case): nothing is left to read here, so the file is done — not "queued" forever.
        await markDocumentRead(db, { workspaceId, documentId });
        return { ...row, readable: false };
      }
      // (already processing when this step runs again after a crash: left as it is)
      await db
        .update(documents)
        .set({ status: "processing", error: null, updatedAt: new Date() })
        .where(and(eq(documents.workspaceId, workspaceId), eq(documents.id, documentId), inArray(documents.status, documentMachine.from("processing"))));
      return { ...row, readable: true };
    });
    if (!doc) return { skipped: "document no longer exists" };
    // every document is indexed for search once it has been read (spreadsheets and others straight away)
    const index = () => step.sendEvent("index", appEvent.documentIndexRequested({ workspaceId, documentId }, { after: "read", readEventId: event.id }));
    if (!doc.readable) {
      await index();
      return { skipped: `not read here (${doc.contentType})` };
    }

    const read = await step.run("read", async () => {
      const { db, blobs, extractor } = await deps();
      const bytes = await blobs.read(doc.blobKey);
      if (!bytes) throw new NonRetriableError(`The file for ${doc.filename} is missing from storage.`);
      try {
        const vendorMemories = await loadVendorMemories(db, { workspaceId });
        const xml = doc.contentType === "application/pdf" ? await blobs.read(pairedEInvoiceKey(doc.blobKey)) : null;
        const pairedXml = xml ? { data: new Uint8Array(xml), fileName: doc.filename.replace(/\.pdf$/i, "") + ".xml" } : undefined;
        // a file that came by mail: its sender names the seller when the pages give no better evidence
        const sender = (await messagesForDocument(db, { workspaceId, documentId })).find((m) => m.fromAddress)?.fromAddress ?? null;
        const r = await processDocument(new Uint8Array(bytes), {
          contentType: doc.contentType, fileName: doc.filename, extractor, forceInvoice: doc.readAs === "invoice", vendorMemories, pairedXml,
          knownVendors: await knownVendors(db, { workspaceId }),
          sender: sender ? { address: sender } : null,
        });
        // a TIFF scan's pages are kept as PNG beside it: browsers cannot show TIFF, the review page shows these
        for (const [n, png] of r.pagePngs ?? []) await blobs.put(documentPageKey(doc.blobKey, n), png, "image/png");
        return {
          classification: r.classification,
          pages: r.pages,
          text: r.text.slice(0, 2_000_000), // long policies and general conditions are indexed whole
          ocrPages: r.ocrPages,
          invoices: r.invoices,
          extractor: r.extractor,
          tokens: r.tokens ?? null,
          costUsd: r.costUsd ?? null,
          issues: r.issues,
        };
      } catch (err) {
        // A password-protected, corrupt or unsupported file will not read better on a retry.
        if (err instanceof ExtractionError && err.code !== "model_failed") {
          await markFailed(db, workspaceId, documentId, err.message, { permanent: true });
          throw new NonRetriableError(err.message, { cause: err });
        }
        throw err;
      }
    });

    const saved = await step.run("save", async () => {
      const { db } = await deps();
      const result = await db.transaction(async (tx) =>
        saveExtraction(tx, {
          workspaceId,
          documentId,
          classification: read.classification.kind,
          classificationReason: read.classification.evidence.join("; "),
          pages: read.pages,
          text: read.text,
          ocrPages: read.ocrPages,
          extractor: read.extractor,
          tokens: read.tokens,
          costUsd: read.costUsd,
          invoices: read.invoices,
        }),
      );
      if (read.invoices.length === 0 && read.issues.length > 0) {
        await db
          .update(documents)
          .set({ error: read.issues.map((i) => i.message).join(" ") })
          .where(and(eq(documents.workspaceId, workspaceId), eq(documents.id, documentId)));
      }
      return result;
    });

    await index();
    return { classification: read.classification.kind, invoices: saved.invoiceIds.length, status: saved.documentStatus };
  },
  );
}

export const extractDocument = createExtractDocumentFunction(extractDeps);
