import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { AuditEntry } from "@/components/audit/audit-entry";
import { PdfPages } from "@/components/pdf-viewer";
import { Card } from "@/components/ui/card";
import { getDb } from "@/db";
import { listAudit } from "@/db/queries/audit";
import { messagesForDocument } from "@/db/queries/intake";
import { getInvoice, reviewNeighbours } from "@/db/queries/invoices/list";
import { workspaceInvoiceRules } from "@/db/queries/invoices/save-extraction";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { headerValues } from "@/lib/invoices/values";
import { InvoiceReview } from "./invoice-review";

export const metadata = { title: "Invoice" };

/** A stored decimal as a person writes it: "24.0000" → "24", "1138.9900" → "1138.99" (at least `min` decimals). */
function plainNumber(v: string | null, min: number): string | null {
  if (v === null) return null;
  const [int, dec = ""] = v.split(".");
  const kept = dec.replace(/0+$/, "").padEnd(min, "0");
  return kept ? `${int}.${kept}` : int;
}

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const db = await getDb();
  const inv = await getInvoice(db, { workspaceId: ctx.workspaceId, id });
  if (!inv) notFound();
  const [nav, trail, history, rules] = await Promise.all([
    reviewNeighbours(db, { workspaceId: ctx.workspaceId, id, createdAt: inv.createdAt }),
    messagesForDocument(db, { workspaceId: ctx.workspaceId, documentId: inv.documentId }),
    listAudit(db, { workspaceId: ctx.workspaceId, entityType: "invoice", entityId: id, limit: 50 }),
    workspaceInvoiceRules(db, ctx.workspaceId),
  ]);
  const admin = hasRole(ctx.role, "admin");
  const pages = inv.pageStart === inv.pageEnd ? `page ${inv.pageStart}` : `pages ${inv.pageStart}–${inv.pageEnd}`;
  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1.1fr)_minmax(0,1fr)]">
      <section className="flex max-h-[calc(100vh-3rem)] min-h-[70vh] flex-col rounded-lg border border-slate-200 bg-white xl:sticky xl:top-6">
        <header className="flex items-center justify-between gap-3 border-b border-slate-100 px-4 py-2 text-sm">
          <span className="min-w-0 truncate">
            <a className="font-medium text-brand-700 hover:underline" href={`/api/documents/${inv.documentId}`} target="_blank" rel="noreferrer">
              {inv.document?.filename}
            </a>{" "}
            <span className="text-slate-500">· {pages}</span>
            {inv.document?.ocrPages && inv.document.ocrPages.length > 0 && <span className="text-slate-500"> · scanned (OCR)</span>}
          </span>
          <Link href="/invoices" className="shrink-0 text-slate-600 hover:underline">
            ← All invoices
          </Link>
        </header>
        {inv.document?.contentType === "application/pdf" ? (
          <PdfPages src={`/api/documents/${inv.documentId}`} from={inv.pageStart} to={inv.pageEnd} title={inv.document.filename} />
        ) : inv.document?.contentType === "image/tiff" ? (
          // browsers cannot show TIFF: the pages were kept as PNG when the scan was read
          <div className="space-y-2">
            {Array.from({ length: inv.pageEnd - inv.pageStart + 1 }, (_, i) => inv.pageStart + i).map((n) => (
              // eslint-disable-next-line @next/next/no-img-element
              <img key={n} src={`/api/documents/${inv.documentId}?page=${n}`} alt={`${inv.document?.filename ?? "document"}, page ${n}`} className="max-w-full" />
            ))}
          </div>
        ) : (
          // eslint-disable-next-line @next/next/no-img-element
          <img src={`/api/documents/${inv.documentId}`} alt={inv.document?.filename ?? "document"} className="max-w-full" />
        )}
      </section>
      <div className="space-y-4">
        <InvoiceReview
          invoice={{
            id: inv.id,
            status: inv.status,
            kind: inv.kind,
            ...headerValues(inv),
            confidence: inv.confidence,
            learnedNotes: inv.learnedNotes,
            fieldSources: inv.fieldSources,
            paid: inv.paid,
            issues: inv.issues,
            editedFields: inv.editedFields,
            extractor: inv.extractor,
            lines: inv.lines.map((l) => ({ description: l.description, quantity: plainNumber(l.quantity, 0), unitPrice: plainNumber(l.unitPrice, 2), amount: l.amount })),
            documentId: inv.documentId,
          }}
          rules={rules}
          canEdit={hasRole(ctx.role, "member")}
          nextId={nav.next}
          prevId={nav.prev}
        />
        {(inv.original || inv.duplicates.length > 0) && (
          <Card title="Duplicates">
            {inv.original && (
              <p className="text-sm">
                Possible duplicate ({inv.duplicateReason}) of{" "}
                <Link className="text-brand-700 hover:underline" href={`/invoices/${inv.original.id}`}>
                  invoice {inv.original.invoiceNumber ?? inv.original.id.slice(0, 8)}
                </Link>{" "}
                received {inv.original.createdAt.toISOString().slice(0, 10)}.
              </p>
            )}
            {inv.duplicates.map((d) => (
              <p key={d.id} className="text-sm">
                Repeated by{" "}
                <Link className="text-brand-700 hover:underline" href={`/invoices/${d.id}`}>
                  {d.invoiceNumber ?? d.id.slice(0, 8)}
                </Link>{" "}
                ({d.status.replace("_", " ")})
              </p>
            ))}
          </Card>
        )}
        <Card title="Where it came from">
          <ol className="space-y-1 text-sm text-slate-700">
            {trail.length === 0 ? (
              <li>Uploaded directly (no email).</li>
            ) : (
              trail.map((m) => (
                <li key={m.id}>
                  Email{" "}
                  <Link className="text-brand-700 hover:underline" href={`/inbox/${m.id}`}>
                    “{m.subject || "(no subject)"}”
                  </Link>{" "}
                  from {m.fromAddress ?? "unknown"} → attachment {m.filename}
                </li>
              ))
            )}
            <li>
              → {inv.document?.filename}, {pages} → this invoice (read by the {inv.extractor} extractor
              {inv.tokens ? `, ${inv.tokens} tokens, $${Number(inv.costUsd ?? 0).toFixed(4)}` : ""})
            </li>
          </ol>
        </Card>
        <Card title="History">
          <ul className="space-y-1 text-xs">
            {history.rows.map((h) => (
              <li key={h.id} className="flex gap-2 text-slate-700" data-testid="history-entry">
                <span className="shrink-0 text-slate-500">{h.at.toISOString().replace("T", " ").slice(0, 16)}</span>
                <div className="min-w-0">
                  <strong>{h.actorType === "system" ? "Docket" : (h.actorEmail ?? "someone")}</strong>
                  <AuditEntry action={h.action} before={h.before} after={h.after} showRaw={admin} />
                </div>
              </li>
            ))}
          </ul>
        </Card>
      </div>
    </div>
  );
}
