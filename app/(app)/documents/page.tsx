import { AutoRefresh } from "@/components/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { UploadZone } from "@/components/upload-zone/upload-zone";
import { getDb } from "@/db";
import { listDocuments } from "@/db/queries/documents";
import { casesForDocuments } from "@/db/queries/insurance";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { OpenCaseButton } from "./open-case-button";
import { ReadAsInvoiceButton, RetryButton } from "./retry-button";
import { env } from "@/lib/env";

export const metadata = { title: "Documents" };

const tone = { queued: "gray", processing: "blue", ready: "green", needs_review: "amber", failed: "red" } as const;

function size(n: number) {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

/** Queued for longer than the sweeper's deadline: its event was probably lost; the user can retry at once. */
const stuck = (d: { status: string; updatedAt: Date }) => d.status === "queued" && Date.now() - d.updatedAt.getTime() > 5 * 60_000;

export default async function DocumentsPage() {
  const ctx = await requirePageContext();
  const db = await getDb();
  const docs = await listDocuments(db, { workspaceId: ctx.workspaceId, limit: 200 });
  const spreadsheets = docs.filter((d) => d.kind === "spreadsheet").map((d) => d.id);
  const caseOf = new Map((await casesForDocuments(db, { workspaceId: ctx.workspaceId, documentIds: spreadsheets })).map((c) => [c.documentId, c]));
  const inFlight = docs.filter((d) => d.status === "queued" || d.status === "processing").length;
  return (
    <>
      <PageHeader
        title="Documents"
        description="Every file that came into this workspace, stored once (the same file uploaded twice is recognised as a duplicate)."
        actions={<AutoRefresh active={inFlight > 0} />}
      />
      {inFlight > 0 && (
        <p className="mb-4 rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-700" aria-live="polite" data-testid="processing-progress">
          Reading documents: {docs.length - inFlight} of {docs.length} done, {inFlight} in progress.
        </p>
      )}
      {hasRole(ctx.role, "member") && (
        <div className="mb-6">
          <UploadZone maxMb={env().DOCKET_MAX_UPLOAD_MB} hint={`PDF, PNG, JPEG, TIFF, e-invoice .xml (UBL, CFDI, ZUGFeRD), .eml, .zip, .xlsx or .csv — up to ${env().DOCKET_MAX_UPLOAD_MB} MB each. Type is checked by content.`} />
        </div>
      )}
      {docs.length === 0 ? (
        <EmptyState title="No documents yet.">Drop files above to add the first ones.</EmptyState>
      ) : (
        <Card>
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">File</th>
                <th className="py-2">Type</th>
                <th className="py-2">Class</th>
                <th className="py-2">Size</th>
                <th className="py-2">Source</th>
                <th className="py-2">Status</th>
                <th className="py-2">Received (UTC)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {docs.map((d) => (
                <tr key={d.id}>
                  <td className="py-2">
                    <a className="font-medium text-brand-700 hover:underline" href={`/api/documents/${d.id}`} target="_blank" rel="noreferrer">
                      {d.filename}
                    </a>
                    {d.error && <p className="text-xs text-red-700">{d.error}</p>}
                    {stuck(d) && <p className="text-xs text-amber-800">Waiting since {d.updatedAt.toISOString().slice(11, 16)} UTC; Docket will try again by itself, or retry now.</p>}
                    {(d.error || stuck(d)) && hasRole(ctx.role, "member") && <RetryButton documentId={d.id} />}
                    {d.kind === "spreadsheet" &&
                      (caseOf.has(d.id) ? (
                        <p className="mt-1 text-xs">
                          <a className="text-brand-700 hover:underline" href={`/insurance/cases/${caseOf.get(d.id)!.id}`}>
                            Insurance case {caseOf.get(d.id)!.cotNumber}
                          </a>
                        </p>
                      ) : (
                        hasRole(ctx.role, "member") && <OpenCaseButton documentId={d.id} />
                      ))}
                  </td>
                  <td className="py-2 text-slate-600">{d.kind ?? d.contentType}</td>
                  <td className="max-w-xs py-2 text-slate-600" data-testid="document-class">
                    {d.classification ? <span className="font-medium">{d.readAs === "invoice" ? "invoice (read as invoice on request)" : d.classification.replace("_", " ")}</span> : "—"}
                    {d.classificationReason && <p className="text-xs text-slate-500">{d.classificationReason}</p>}
                    {d.classification && !["invoice", "credit_note"].includes(d.classification) && !d.readAs && (d.status === "ready" || d.status === "needs_review") && hasRole(ctx.role, "member") && (
                      <ReadAsInvoiceButton documentId={d.id} />
                    )}
                  </td>
                  <td className="py-2 text-slate-600">{size(d.size)}</td>
                  <td className="py-2 text-slate-600">{d.source}</td>
                  <td className="py-2">
                    <Badge tone={tone[d.status]}>{d.status.replace("_", " ")}</Badge>
                  </td>
                  <td className="py-2 text-slate-600">{d.createdAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </>
  );
}
