import type { Column } from "@/components/data-table/static-table";
import { Badge } from "@/components/ui/badge";
import { Confidence, decisionLabel, decisionTone, MatchReason } from "./match-cells";
import type { ReviewRow } from "./review-row";

// The review grid is compact (tight padding, so the table and the row's candidates fit side by side at 1280 px)
// but keeps the regular text size: people read vehicle names and codes here all day.
const text = "text-sm";

/**
 * The case review grid: a checkbox to select the row for "Accept selected" (editors only), the row's number, the
 * vehicle as the broker sent it (with why the matcher was unsure), the code (accepted, or proposed with "?") and
 * the confidence with the decision.
 */
export function reviewColumns(o: { canEdit: boolean; selected: ReadonlySet<string>; toggle: (id: string) => void }): Column<ReviewRow>[] {
  return [
    ...(o.canEdit
      ? [
          {
            id: "select",
            header: "Select",
            meta: { headerClassName: "sr-only", className: "w-8" },
            cell: ({ row: { original: r } }) => (
              <input type="checkbox" aria-label={`Select row ${r.sourceId}`} checked={o.selected.has(r.id)} onChange={() => o.toggle(r.id)} onClick={(e) => e.stopPropagation()} />
            ),
          } satisfies Column<ReviewRow>,
        ]
      : []),
    { id: "number", header: "#", meta: { className: `${text} tabular-nums text-slate-500` }, cell: ({ row }) => row.original.sourceId },
    {
      id: "vehicle",
      header: "Vehicle (as sent)",
      meta: { className: `${text} max-w-[15rem]` },
      cell: ({ row: { original: r } }) => (
        <>
          <p className="truncate font-medium" title={r.vehicle}>
            {r.vehicle || <em className="text-slate-400">empty</em>}
          </p>
          {r.description && (
            <p className="truncate text-xs text-slate-500" title={r.description}>
              {r.description}
            </p>
          )}
          {r.error && (
            <p className="text-xs text-red-700">
              Row {r.rowNumber} not read: {r.error}
            </p>
          )}
          {r.decision !== "auto" && <MatchReason reason={r.reason} />}
        </>
      ),
    },
    {
      id: "code",
      header: "Code",
      meta: { className: text },
      cell: ({ row: { original: r } }) => (
        <>
          {r.code ? (
            <span className="font-mono">{r.code}</span>
          ) : r.machineCode ? (
            <span className="font-mono text-slate-500" title="proposed, not accepted yet">
              {r.machineCode}?
            </span>
          ) : (
            <span className="text-slate-400">none</span>
          )}
          {(r.catalogDescription || r.candidates[0]) && (
            <p className="max-w-[9rem] truncate text-xs text-slate-500">{r.catalogDescription ?? (r.machineCode ? r.candidates.find((c) => c.code === r.machineCode)?.description : "")}</p>
          )}
        </>
      ),
    },
    {
      id: "confidence",
      header: "Confidence · decision",
      meta: { className: text },
      cell: ({ row: { original: r } }) => (
        <>
          <Confidence value={r.confidence} />
          <span className="mt-1 flex flex-wrap items-center gap-1">
            {r.decision && <Badge tone={decisionTone[r.decision]}>{decisionLabel[r.decision]}</Badge>}
            {r.reviewDecision && <Badge tone={r.reviewDecision === "accepted" ? "green" : "blue"}>{r.reviewDecision}</Badge>}
            {r.learned && <Badge tone="blue">learned</Badge>}
          </span>
        </>
      ),
    },
  ];
}
