import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { DownloadForm } from "@/components/download-form";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listBrokers } from "@/db/queries/insurance/brokers";
import { caseDetail } from "@/db/queries/insurance/cases";
import { listFleetRows, ROW_FILTERS, type RowFilter } from "@/db/queries/insurance/fleet-rows";
import { caseProgressOf } from "@/lib/insurance/case-progress";
import { requirePageContext } from "@/lib/auth/session";
import { CaseStatusBadge } from "../../case-status";
import { InsuranceNav } from "../../insurance-nav";
import { CaseProgress } from "./case-progress";
import { RematchButton } from "./case-actions";
import type { ReviewRow } from "./review-row";
import { ReviewTable } from "./review-table";

export const metadata = { title: "Insurance case" };

const when = (d: Date | null | undefined) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "—");

export default async function CasePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ filter?: string; page?: string }> }) {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const db = await getDb();
  const { id } = await params;
  const sp = await searchParams;
  const c = await caseDetail(db, { workspaceId: ctx.workspaceId, caseId: id });
  if (!c) notFound();
  const filter: RowFilter = (ROW_FILTERS as readonly string[]).includes(sp.filter ?? "") ? (sp.filter as RowFilter) : c.status === "review" ? "pending" : "all";
  const page = Math.max(1, Number(sp.page) || 1);
  const [list, brokers] = await Promise.all([
    listFleetRows(db, { workspaceId: ctx.workspaceId, caseId: c.id, filter, page, pageSize: 100 }),
    c.brokerId ? Promise.resolve([]) : listBrokers(db, { workspaceId: ctx.workspaceId }),
  ]);
  const canEdit = ctx.role !== "viewer";
  const progress = caseProgressOf(c);
  const rows: ReviewRow[] = list.rows.map((r) => ({
    id: r.id,
    sourceId: r.sourceId,
    rowNumber: r.rowNumber,
    vehicle: [r.canonical.brand, r.canonical.model, r.canonical.year, r.canonical.version].filter((x) => x !== undefined && x !== "").join(" "),
    description: String(r.canonical.description ?? ""),
    use: String(r.canonical.use ?? "").trim(),
    error: r.error,
    machineCode: r.machineCode,
    confidence: r.confidence,
    decision: r.decision,
    candidates: r.candidates,
    reason: r.reason,
    learned: r.learned,
    learnedFrom: r.learnedFrom ? { by: r.learnedFrom.by, at: r.learnedFrom.at?.toISOString() ?? null } : null,
    code: r.code,
    catalogDescription: r.catalogDescription,
    reviewDecision: r.reviewDecision,
    reviewerName: r.reviewerName,
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
  }));
  const counts = {
    all: list.counts.total,
    pending: list.counts.pending,
    auto: list.counts.auto,
    review: list.counts.review,
    no_match: list.counts.noMatch,
    corrected: list.counts.corrected,
  };
  const reviewable = ["review", "ready", "exported"].includes(c.status);
  const today = new Date().toISOString().slice(0, 10);
  const wizardHref = c.brokerId ? `/insurance/brokers/${c.brokerId}/profile?case=${c.id}` : null;
  return (
    <>
      <PageHeader
        title={`Case ${c.cotNumber}`}
        description={`${c.filename} · ${c.broker ? c.broker.name : (c.senderAddress ?? "no sender")} · received ${when(c.receivedAt)}`}
        actions={<CaseStatusBadge status={c.status} />}
      />
      <InsuranceNav />
      <CaseProgress caseId={c.id} initial={{ ...progress }} since={renderedAt} />
      {c.status === "needs_profile" && (
        <Card className="mb-4" title="This case is waiting for a broker profile">
          <p className="text-sm text-slate-700" data-testid="case-hold">{c.statusMessage}</p>
          {canEdit && (
            <div className="mt-3 flex flex-wrap items-center gap-3">
              {wizardHref ? (
                <Link href={wizardHref} className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
                  Open the profile wizard on this file
                </Link>
              ) : brokers.length ? (
                <RematchButton caseId={c.id} brokers={brokers.map((b) => ({ id: b.id, name: b.name }))} label="Use this broker" />
              ) : null}
              {!c.brokerId && (
                <Link className="text-sm text-brand-700 hover:underline" href={`/insurance/brokers?domain=${encodeURIComponent(c.senderAddress ?? "")}`}>
                  Add a broker{c.senderAddress ? ` for ${c.senderAddress.replace(/^.*@/, "").replace(/>$/, "")}` : ""}
                </Link>
              )}
              {c.brokerId && <RematchButton caseId={c.id} />}
            </div>
          )}
        </Card>
      )}
      {(c.status === "needs_catalog" || c.status === "failed") && (
        <Card className="mb-4" title={c.status === "failed" ? "Matching failed" : "This case is waiting for a catalog"}>
          <p className="text-sm text-slate-700" data-testid="case-hold">{c.statusMessage}</p>
          {canEdit && (
            <div className="mt-3 flex gap-3">
              {c.status === "needs_catalog" && <Link className="text-sm text-brand-700 hover:underline" href="/insurance/catalogs">Import a catalog</Link>}
              <RematchButton caseId={c.id} />
            </div>
          )}
        </Card>
      )}
      <div className="mb-4 grid gap-4 lg:grid-cols-3">
        <Card title="Where it came from">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
            <dt className="text-slate-500">Broker</dt>
            <dd>{c.broker ? <Link className="text-brand-700 hover:underline" href={`/insurance/brokers/${c.broker.id}`}>{c.broker.name}</Link> : "unknown"}</dd>
            <dt className="text-slate-500">Email</dt>
            <dd className="truncate">{c.message ? <Link className="text-brand-700 hover:underline" href={`/inbox/${c.message.id}`}>{c.message.subject || "(no subject)"}</Link> : "uploaded"}</dd>
            <dt className="text-slate-500">File</dt>
            <dd className="truncate">{c.documentId ? <a className="text-brand-700 hover:underline" href={`/api/documents/${c.documentId}`}>{c.filename}</a> : c.filename}</dd>
            <dt className="text-slate-500">Profile</dt>
            <dd>{c.profileVersion ? `version ${c.profileVersion}` : "—"}</dd>
            <dt className="text-slate-500">Catalog</dt>
            <dd>{c.catalog ? `${c.insurer?.name ?? ""} v${c.catalog.version}` : (c.insurer?.name ?? "—")}</dd>
          </dl>
        </Card>
        <Card title="Rows">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm tabular-nums">
            <dt className="text-slate-500">Total</dt>
            <dd>{c.totalRows}</dd>
            <dt className="text-slate-500">Auto-accepted</dt>
            <dd>{counts.auto}</dd>
            <dt className="text-slate-500">Review</dt>
            <dd>
              {counts.review} ({counts.pending} waiting)
            </dd>
            <dt className="text-slate-500">No match</dt>
            <dd>{counts.no_match}</dd>
            <dt className="text-slate-500">Corrected</dt>
            <dd>{counts.corrected}</dd>
          </dl>
          {c.rowErrors.length > 0 && <p className="mt-2 text-xs text-red-700">{c.rowErrors.length} row(s) could not be read with the profile; they are listed as “no match” with the reason.</p>}
        </Card>
        <Card title="Export">
          {reviewable ? (
            <div className="space-y-3 text-sm">
              {counts.pending > 0 && (
                <p className="text-amber-800">{counts.pending} row(s) still wait for review; the quote file is refused until they are decided, unless you leave their code blank.</p>
              )}
              <DownloadForm action={`/api/insurance/cases/${c.id}/export`} className="flex flex-wrap items-end gap-2">
                <input type="hidden" name="format" value="quote" />
                <label className="text-xs text-slate-600">
                  Policy start
                  <input type="date" name="start" defaultValue={today} className="mt-0.5 block rounded border border-slate-300 px-2 py-1 text-sm" />
                </label>
                {canEdit && counts.pending > 0 && (
                  <label className="flex items-center gap-1.5 text-xs text-slate-700">
                    <input type="checkbox" name="pending" value="blank" data-testid="export-leave-blank" />
                    Leave the {counts.pending} code(s) in review blank
                  </label>
                )}
                {canEdit && (
                  <button className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700" data-testid="export-quote">
                    Quote file (COTIZACION)
                  </button>
                )}
              </DownloadForm>
              <p className="flex gap-3">
                <a className="text-brand-700 hover:underline" href={`/api/insurance/cases/${c.id}/export?format=xlsx`}>Results .xlsx</a>
                <a className="text-brand-700 hover:underline" href={`/api/insurance/cases/${c.id}/export?format=csv`}>Results .csv</a>
              </p>
              {c.exportedAt && <p className="text-xs text-slate-500">Quote exported {when(c.exportedAt)}</p>}
            </div>
          ) : (
            <p className="text-sm text-slate-600">Exports become available once the rows are matched.</p>
          )}
          {canEdit && reviewable && (
            <div className="mt-3 border-t border-slate-100 pt-3">
              <RematchButton caseId={c.id} label="Match again (new profile, catalog or corrections)" />
              <p className="mt-1 text-xs text-slate-500">Accepted rows stay accepted when the same code comes back; corrections are applied as learned.</p>
            </div>
          )}
        </Card>
      </div>
      {c.totalRows > 0 && (
        <ReviewTable caseId={c.id} loadedAt={new Date(renderedAt).toISOString()} rows={rows} canEdit={canEdit && reviewable} filter={filter} counts={counts} page={list.page} pageSize={list.pageSize} total={list.total} />
      )}
    </>
  );
}
