"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { acceptFleetRowsAction, correctFleetRowAction } from "@/lib/actions/insurance";
import { CatalogSearchDialog } from "./catalog-search-dialog";
import { Confidence, decisionLabel, decisionTone, MatchReason } from "./match-cells";
import type { ReviewRow } from "./review-row";
import { RowDetail } from "./row-detail";

export const FILTERS = [
  { key: "all", label: "All" },
  { key: "pending", label: "Needs review" },
  { key: "auto", label: "Auto" },
  { key: "review", label: "Review" },
  { key: "no_match", label: "No match" },
  { key: "corrected", label: "Corrected" },
] as const;

export function ReviewTable({
  caseId,
  rows,
  canEdit,
  filter,
  counts,
  page,
  pageSize,
  total,
}: {
  caseId: string;
  rows: ReviewRow[];
  canEdit: boolean;
  filter: string;
  counts: Record<string, number>;
  page: number;
  pageSize: number;
  total: number;
}) {
  const router = useRouter();
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const [searchFor, setSearchFor] = useState<ReviewRow | null>(null);
  const tableRef = useRef<HTMLTableSectionElement>(null);
  const row = rows[active];

  useEffect(() => {
    if (active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  const run = useCallback(
    (label: string, fn: () => Promise<{ ok: true; data: unknown } | { ok: false; error: string }>) =>
      start(async () => {
        const r = await fn();
        setMessage(r.ok ? { ok: true, text: label } : { ok: false, text: r.error });
        if (r.ok) router.refresh();
      }),
    [router],
  );

  const accept = useCallback(
    (ids?: string[]) =>
      run(ids ? `Accepted ${ids.length === 1 ? "the proposed code" : `${ids.length} rows`}.` : "Accepted every proposed code still in review.", async () => {
        const r = await acceptFleetRowsAction({ caseId, rowIds: ids });
        if (r.ok) setSelected(new Set());
        return r;
      }),
    [caseId, run],
  );

  const correct = useCallback(
    (r: ReviewRow, code: string | null) =>
      run(code ? `Row ${r.sourceId}: code ${code} saved; it will be used for this description next time.` : `Row ${r.sourceId}: marked as not in the catalog (remembered).`, () =>
        correctFleetRowAction({ caseId, rowId: r.id, code }),
      ),
    [caseId, run],
  );

  // Keyboard flow: j/k or ↓/↑ move, a or Enter accepts, 1–8 picks a candidate, n = no code, / searches, x selects.
  useEffect(() => {
    if (!canEdit && !rows.length) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (searchFor || t.closest("input, textarea, select, [role=dialog]") || e.metaKey || e.ctrlKey || e.altKey) return;
      const cur = rows[active];
      if (e.key === "j" || e.key === "ArrowDown") setActive((i) => Math.min(rows.length - 1, i + 1));
      else if (e.key === "k" || e.key === "ArrowUp") setActive((i) => Math.max(0, i - 1));
      else if (!canEdit || !cur) return;
      else if ((e.key === "a" || e.key === "Enter") && cur.machineCode && !cur.reviewDecision) accept([cur.id]);
      else if (/^[1-8]$/.test(e.key) && cur.candidates[Number(e.key) - 1]) correct(cur, cur.candidates[Number(e.key) - 1].code);
      else if (e.key === "n") correct(cur, null);
      else if (e.key === "/" || e.key === "s") setSearchFor(cur);
      else if (e.key === "x")
        setSelected((s) => {
          const n = new Set(s);
          if (n.has(cur.id)) n.delete(cur.id);
          else n.add(cur.id);
          return n;
        });
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows, active, canEdit, accept, correct, searchFor]);

  useEffect(() => {
    tableRef.current?.querySelector<HTMLElement>(`[data-row-index="${active}"]`)?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const pages = Math.max(1, Math.ceil(total / pageSize));
  const href = (p: Record<string, string | number>) => {
    const q = new URLSearchParams({ filter, page: String(page), ...Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])) });
    return `/insurance/cases/${caseId}?${q}`;
  };

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Filter rows" className="flex flex-wrap gap-1">
          {FILTERS.map((f) => (
            <Link
              key={f.key}
              href={href({ filter: f.key, page: 1 })}
              aria-current={filter === f.key ? "page" : undefined}
              className={`rounded-full px-3 py-1 text-xs font-medium ${filter === f.key ? "bg-brand-600 text-white" : "bg-slate-100 text-slate-700 hover:bg-slate-200"}`}
            >
              {f.label} <span className="tabular-nums opacity-80">{counts[f.key] ?? 0}</span>
            </Link>
          ))}
        </nav>
        {canEdit && (
          <div className="flex gap-2">
            <Button size="sm" variant="secondary" disabled={pending || selected.size === 0} onClick={() => accept([...selected])}>
              Accept selected ({selected.size})
            </Button>
            <Button size="sm" disabled={pending || (counts.pending ?? 0) === 0} onClick={() => accept()} data-testid="accept-all">
              Accept all proposed ({counts.pending ?? 0})
            </Button>
          </div>
        )}
      </div>
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`mb-2 text-sm ${message.ok ? "text-green-700" : "text-red-700"}`}>
          {message.text}
        </p>
      )}
      {canEdit && (
        <p className="mb-2 text-xs text-slate-500">
          Keys: <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> accept · <kbd>1</kbd>–<kbd>8</kbd> pick a candidate · <kbd>/</kbd> search the catalog · <kbd>n</kbd> no code ·{" "}
          <kbd>x</kbd> select
        </p>
      )}
      {/* 1280 px wide: the table and the selected row's candidates side by side, every column visible */}
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="min-w-full text-sm" data-testid="review-table">
            <thead className="bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
              <tr>
                {canEdit && <th className="w-8 px-2 py-2" />}
                <th className="px-2 py-2">#</th>
                <th className="px-2 py-2">Vehicle (as sent)</th>
                <th className="px-2 py-2">Code</th>
                <th className="px-2 py-2">Confidence · decision</th>
              </tr>
            </thead>
            <tbody ref={tableRef} className="divide-y divide-slate-100">
              {rows.map((r, i) => (
                <tr
                  key={r.id}
                  data-row-index={i}
                  data-testid="review-row"
                  onClick={() => setActive(i)}
                  className={`cursor-pointer ${i === active ? "bg-brand-50 outline outline-1 outline-brand-300" : "hover:bg-slate-50"}`}
                >
                  {canEdit && (
                    <td className="px-2 py-2">
                      <input
                        type="checkbox"
                        aria-label={`Select row ${r.sourceId}`}
                        checked={selected.has(r.id)}
                        onChange={() =>
                          setSelected((s) => {
                            const n = new Set(s);
                            if (n.has(r.id)) n.delete(r.id);
                            else n.add(r.id);
                            return n;
                          })
                        }
                        onClick={(e) => e.stopPropagation()}
                      />
                    </td>
                  )}
                  <td className="px-2 py-2 tabular-nums text-slate-500">{r.sourceId}</td>
                  <td className="max-w-[15rem] px-2 py-2">
                    <p className="truncate font-medium" title={r.vehicle}>
                      {r.vehicle || <em className="text-slate-400">empty</em>}
                    </p>
                    {r.description && (
                      <p className="truncate text-xs text-slate-500" title={r.description}>
                        {r.description}
                      </p>
                    )}
                    {r.error && <p className="text-xs text-red-700">Row {r.rowNumber} not read: {r.error}</p>}
                    {r.decision !== "auto" && <MatchReason reason={r.reason} />}
                  </td>
                  <td className="px-2 py-2">
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
                  </td>
                  <td className="px-2 py-2">
                    <Confidence value={r.confidence} />
                    <span className="mt-1 flex flex-wrap items-center gap-1">
                      {r.decision && <Badge tone={decisionTone[r.decision]}>{decisionLabel[r.decision]}</Badge>}
                      {r.reviewDecision && <Badge tone={r.reviewDecision === "accepted" ? "green" : "blue"}>{r.reviewDecision}</Badge>}
                      {r.learned && <Badge tone="blue">learned</Badge>}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <p className="px-4 py-8 text-center text-sm text-slate-600">No rows in this view. Pick another filter above.</p>}
        </div>
        <aside className="self-start rounded-lg border border-slate-200 bg-white p-4 text-sm xl:sticky xl:top-4" aria-label="Selected row" data-testid="row-detail">
          {row ? (
            <RowDetail row={row} canEdit={canEdit} pending={pending} onAccept={() => accept([row.id])} onPick={(code) => correct(row, code)} onSearch={() => setSearchFor(row)} />
          ) : (
            <p className="text-slate-600">Select a row to see its candidates.</p>
          )}
        </aside>
      </div>
      {pages > 1 && (
        <div className="mt-3 flex items-center gap-3 text-sm">
          {page > 1 && <Link className="text-brand-700 hover:underline" href={href({ page: page - 1 })}>← Previous</Link>}
          <span className="text-slate-600">
            Page {page} of {pages} · {total} rows
          </span>
          {page < pages && <Link className="text-brand-700 hover:underline" href={href({ page: page + 1 })}>Next →</Link>}
        </div>
      )}
      {searchFor && (
        <CatalogSearchDialog
          caseId={caseId}
          row={searchFor}
          onClose={() => setSearchFor(null)}
          onPick={(code) => {
            const r = searchFor;
            setSearchFor(null);
            correct(r, code);
          }}
        />
      )}
    </div>
  );
}
