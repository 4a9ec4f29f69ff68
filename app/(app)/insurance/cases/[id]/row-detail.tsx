import { Button } from "@/components/ui/button";
import { Highlighted } from "./match-cells";
import type { ReviewRow } from "./review-row";

/** The candidates of one row, with what the reviewer can do about them. */
export function RowDetail({ row, canEdit, pending, onAccept, onPick, onSearch }: { row: ReviewRow; canEdit: boolean; pending: boolean; onAccept: () => void; onPick: (code: string | null) => void; onSearch: () => void }) {
  return (
    <div>
      <p className="text-xs uppercase tracking-wide text-slate-500">Row {row.sourceId} (spreadsheet row {row.rowNumber})</p>
      <p className="mt-1 font-medium">{row.vehicle}</p>
      {row.description && <p className="text-slate-600">{row.description}</p>}
      {row.reason && <p className="mt-2 text-xs text-slate-600">Matcher: {row.reason}</p>}
      {row.learned && row.learnedFrom && (
        <p className="mt-2 rounded bg-blue-50 px-2 py-1 text-xs text-blue-800" data-testid="learned-note">
          Learned from correction by {row.learnedFrom.by}
          {row.learnedFrom.at ? ` on ${row.learnedFrom.at.slice(0, 10)}` : ""}
        </p>
      )}
      {row.reviewDecision && (
        <p className="mt-2 text-xs text-slate-600">
          {row.reviewDecision === "rejected" ? "Marked as not in the catalog" : `Code ${row.code} ${row.reviewDecision}`} by {row.reviewerName ?? "a reviewer"}
          {row.reviewedAt ? ` on ${row.reviewedAt.slice(0, 10)}` : ""}.
        </p>
      )}
      <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-500">Candidates</h3>
      {row.candidates.length > 0 && (
        <p className="mt-0.5 text-xs text-slate-500">
          % = how well each version fits the row, as a share among these candidates.
          {row.confidence !== null &&
            ` The row's confidence (${Math.round(row.confidence * 100)}%) also weighs how surely brand, model and year were read, and is calibrated: proposals at that confidence are right about that often.`}
        </p>
      )}
      {row.candidates.length === 0 ? (
        <p className="mt-1 text-slate-600">The catalog has no entry for this brand, model and year.</p>
      ) : (
        <ol className="mt-1 space-y-1.5">
          {row.candidates.map((c, i) => (
            <li key={c.code} className={`rounded border px-2 py-1.5 ${c.code === (row.code ?? row.machineCode) ? "border-brand-300 bg-brand-50" : "border-slate-200"}`}>
              <div className="flex items-start justify-between gap-2">
                <div className="min-w-0">
                  <span className="mr-1 text-xs text-slate-400">{i + 1}</span>
                  <span className="font-mono">{c.code}</span> <span className="text-xs text-slate-500">{c.year}</span>
                  {c.via === "embedding" && (
                    <span className="ml-1 rounded bg-violet-50 px-1 text-[10px] font-medium uppercase text-violet-700" title="Found by meaning among the catalog's versions of this brand and year (embeddings); the score is the similarity">
                      by meaning
                    </span>
                  )}
                  <p className="text-xs">
                    <Highlighted text={c.description} diff={c.diffTokens} />
                  </p>
                  {c.rowOnlyTokens.length > 0 && <p className="text-xs text-slate-500">row also says: {c.rowOnlyTokens.join(" ")}</p>}
                </div>
                <div className="shrink-0 text-right">
                  <span className="text-xs tabular-nums text-slate-600">{Math.round(c.score * 100)}%</span>
                  {canEdit && (
                    <Button size="sm" variant="secondary" className="ml-2" disabled={pending} onClick={() => onPick(c.code)}>
                      Use
                    </Button>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ol>
      )}
      {canEdit && !row.error && (
        <div className="mt-3 flex flex-wrap gap-2">
          {row.machineCode && !row.reviewDecision && (
            <Button size="sm" disabled={pending} onClick={onAccept}>
              Accept {row.machineCode}
            </Button>
          )}
          <Button size="sm" variant="secondary" onClick={onSearch}>
            Search catalog…
          </Button>
          <Button size="sm" variant="ghost" disabled={pending} onClick={() => onPick(null)}>
            Not in catalog
          </Button>
        </div>
      )}
    </div>
  );
}
