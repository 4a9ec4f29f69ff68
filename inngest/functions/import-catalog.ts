import { NonRetriableError } from "inngest";
import { setCatalogEmbeddingState } from "@/db/queries/catalog-vectors";
import { getCatalog, importCatalogEntries, setCatalogImportState } from "@/db/queries/insurance/catalogs";
import { inngest } from "@/inngest/client";
import { catalogEmbedRequested, catalogUploaded } from "@/inngest/events";
import { CatalogFormatError, parseCatalog } from "@/lib/insurance/catalog";
import { SpreadsheetError } from "@/lib/insurance/workbook";
import { matchCaseDeps, type MatchCaseDeps } from "./match-case";

// Imports an insurer's catalog file: parse (CSV/XLSX, codes kept as text) → store the entries in batches of
// 1,000 with progress after each → keep the row-level errors on the catalog. The import is one step: the
// parsed file is never carried between steps, and a retried step replaces whatever a failed attempt stored.
// With OpenAI on, a successful import then asks embed-catalog for the catalog's embeddings.

export const importDepsOverrides: { deps?: () => Promise<MatchCaseDeps> } = {};
const deps = () => (importDepsOverrides.deps ?? matchCaseDeps)();

export async function runCatalogImport(d: MatchCaseDeps, q: { workspaceId: string; catalogId: string }) {
  const started = Date.now();
  const c = await getCatalog(d.db, q);
  if (!c) throw new NonRetriableError(`Catalog ${q.catalogId} is gone.`);
  if (c.importState === "imported") return { entries: c.importedRows, errors: c.errorCount, skipped: true };
  await setCatalogImportState(d.db, { ...q, state: "importing" });
  const bytes = c.blobKey ? await d.blobs.read(c.blobKey) : null;
  if (!bytes) {
    await setCatalogImportState(d.db, { ...q, state: "failed", error: `The file ${c.filename} is missing from storage; upload it again.` });
    return { entries: 0, errors: 0, failed: true };
  }
  let parsed;
  try {
    parsed = await parseCatalog(new Uint8Array(bytes), c.filename);
  } catch (err) {
    if (err instanceof CatalogFormatError || err instanceof SpreadsheetError) {
      await setCatalogImportState(d.db, { ...q, state: "failed", error: err.message });
      return { entries: 0, errors: 0, failed: true };
    }
    throw err;
  }
  if (!parsed.entries.length) {
    await importCatalogEntries(d.db, { ...q, entries: [], errors: parsed.errors });
    const first = parsed.errors[0];
    await setCatalogImportState(d.db, {
      ...q,
      state: "failed",
      error: `${c.filename}: no usable rows${first ? ` (${parsed.errors.length} row error(s), first on row ${first.row}: ${first.message})` : ""}.`,
    });
    return { entries: 0, errors: parsed.errors.length, failed: true };
  }
  await importCatalogEntries(d.db, { ...q, entries: parsed.entries, errors: parsed.errors });
  await setCatalogImportState(d.db, { ...q, state: "imported", importMs: Date.now() - started });
  return { entries: parsed.entries.length, errors: parsed.errors.length };
}

export const importCatalog = inngest.createFunction(
  {
    id: "import-catalog",
    name: "Import insurer catalog",
    retries: 2,
    triggers: [catalogUploaded],
    concurrency: { limit: 1, key: "event.data.catalogId" },
    onFailure: async ({ error, event, step }) => {
      const { workspaceId, catalogId } = event.data.event.data as { workspaceId: string; catalogId: string };
      await step.run("mark-failed", async () =>
        setCatalogImportState((await deps()).db, { workspaceId, catalogId, state: "failed", error: `Import failed: ${error.message}` }),
      );
    },
  },
  async ({ event, step }) => {
    const { workspaceId, catalogId } = event.data;
    const imported = await step.run("import-entries", async () => runCatalogImport(await deps(), { workspaceId, catalogId }));
    if ("failed" in imported || "skipped" in imported) return imported;
    const queued = await step.run("queue-embedding", async () => {
      const d = await deps();
      if (!d.embedder) return false;
      await setCatalogEmbeddingState(d.db, { workspaceId, catalogId, state: "queued", model: d.embedder.model });
      return true;
    });
    if (queued) await step.sendEvent("embed-catalog", catalogEmbedRequested.create({ workspaceId, catalogId }, { id: `catalog-embed-${catalogId}-import` }));
    return { ...imported, embeddings: queued };
  },
);

/** Hand an uploaded catalog to the import (after its row has committed). */
export async function startCatalogImport(c: { id: string; workspaceId: string }) {
  await inngest.send(catalogUploaded.create({ workspaceId: c.workspaceId, catalogId: c.id }, { id: `catalog-import-${c.id}` }));
}
