"use client";

import { Link } from "@/components/ui/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { StaticTable } from "@/components/data-table/static-table";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useAction } from "@/components/use-action";
import type { UseConflictSet } from "@/db/queries/insurance/fleet-row-review";
import { acceptFleetRowsAction, correctFleetRowAction } from "@/lib/actions/insurance";
import { CatalogSearchDialog } from "./catalog-search-dialog";
import { reviewColumns } from "./columns";
import type { ReviewRow } from "./review-row";
import { RowDetail } from "./row-detail";
import { BulkUseConflictPrompt, rowList, UseConflictPrompt, type PendingUsePick, type SkippedUseRow } from "./use-conflict-prompt";

export const FILTERS = [
  { key: "all", label: "All" },
  { key: "pending", label: "Needs review" },
  { key: "auto", label: "Auto" },
  { key: "review", label: "Review" },
  { key: "no_match", label: "No match" },
  { key: "corrected", label: "Corrected" },
] as const;

/** The use-conflict rows a bulk accept left, as the server answered: the rows listed, the whole set, and the scope asked. */
interface SkippedUse {
  rows: SkippedUseRow[];
  set: UseConflictSet;
  /** The rows the accept was asked for (none: every proposal), asked again with the confirmation. */
  ids?: string[];
  /** A confirmation found the set changed meanwhile: this is the set now. */
  changed: boolean;
}

/** "Rows 3 and 5 not accepted: someone else answered them since this page was loaded (Ana Ruiz …)." */
function changedMeanwhileText(changed: readonly { sourceId: string; what: string }[]) {
  if (!changed.length) return "";
  const named = changed.slice(0, 3).map((c) => c.what).join("; ");
  return (
    ` ${rowList(changed)} not accepted: someone else answered ${changed.length === 1 ? "it" : "them"} since this page was loaded (${named}${changed.length > 3 ? "; …" : ""}).` +
    " The page now shows theirs."
  );
}

export function ReviewTable({
  caseId,
  loadedAt,
  rows,
  canEdit,
  filter,
  counts,
  page,
  pageSize,
  total,
}: {
  caseId: string;
  /** When the page's rows were read: an accept leaves rows someone else answered since, and names them. */
  loadedAt: string;
  rows: ReviewRow[];
  canEdit: boolean;
  filter: string;
  counts: Record<string, number>;
  page: number;
  pageSize: number;
  total: number;
}) {
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // ok: went through; warn: went through, but left rows the reviewer must look at; else the refusal
  const [message, setMessage] = useState<{ ok: boolean; warn?: boolean; text: string } | null>(null);
  const { pending, run } = useAction();
  const [searchFor, setSearchFor] = useState<ReviewRow | null>(null);
  const [usePick, setUsePick] = useState<PendingUsePick | null>(null);
  const [skippedUse, setSkippedUse] = useState<SkippedUse | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);
  const row = rows[active];

  useEffect(() => {
    if (active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  // Bulk accept leaves rows whose proposed code's catalog use contradicts the broker's: the server names them, and the
  // reviewer confirms exactly that set at once (sent back as its count and digest, so any number of rows; saved with
  // the confirmation in the audit) or leaves them for review. One row (the a key, the row's Accept) gets the
  // single-row prompt, which also offers another code. Rows someone else answered since this page was loaded are
  // left and named (one row: refused), and the page refreshes to show theirs.
  const accept = useCallback(
    (ids?: string[], confirm?: UseConflictSet) =>
      run(
        () => acceptFleetRowsAction({ caseId, rowIds: ids, confirmUse: confirm, since: loadedAt }),
        (data) => {
          setSelected(new Set());
          const left = data.useConflicts;
          const set = data.useConflictSet;
          if (set && set.count === 1 && ids?.length === 1 && !confirm) {
            const [u] = left;
            setUsePick({ rowId: u.rowId, sourceId: u.sourceId, code: u.useConflict.code, useConflict: u.useConflict, reason: u.reason });
            setMessage(null);
            return;
          }
          const leftCount = set?.count ?? 0;
          const done =
            !ids && !confirm && !leftCount && !data.changedMeanwhile.length
              ? "Accepted every proposed code still in review."
              : data.accepted === 1 && (ids?.length === 1 || confirm?.count === 1)
                ? `Accepted the proposed code${confirm ? " with the broker's use (confirmed)" : ""}.`
                : `Accepted ${data.accepted} ${data.accepted === 1 ? "row" : "rows"}${confirm && data.accepted && !data.useConflictsChanged ? ` (${confirm.count} with the broker's use, confirmed)` : ""}.`;
          const why = leftCount ? ` ${rowList(left, leftCount)} not accepted: the proposed code's catalog use differs from the broker's — confirm the use or pick another code.` : "";
          const meanwhile = changedMeanwhileText(data.changedMeanwhile);
          setMessage({ ok: true, warn: leftCount > 0 || meanwhile !== "", text: done + why + meanwhile });
          setSkippedUse(set ? { rows: left, set, ids, changed: data.useConflictsChanged } : null);
        },
        {
          onError: (error) => {
            setSkippedUse(null);
            setMessage({ ok: false, text: error });
          },
          // after a refusal too: it names someone else's answer, and the page then shows it
          refresh: "always",
        },
      ),
    [caseId, loadedAt, run],
  );

  // A code whose catalog use contradicts the broker's use is not saved at once: the server answers with the conflict,
  // the reviewer confirms those values (saved, and recorded in the audit) or picks another code. `seen`: the row as
  // this page shows it, so an answer someone else gave meanwhile is refused (naming them) instead of written over.
  const correct = useCallback(
    (r: Pick<ReviewRow, "id" | "sourceId" | "code" | "reviewDecision">, code: string | null, confirmUse?: { broker: string; catalog: string }) =>
      run(
        () => correctFleetRowAction({ caseId, rowId: r.id, code, confirmUse, seen: { code: r.code, review: r.reviewDecision } }),
        (data) => {
          if (!data.saved) {
            setUsePick({ rowId: r.id, sourceId: r.sourceId, code: code!, useConflict: data.useConflict, reason: data.reason });
            setMessage(null);
            return;
          }
          setUsePick(null);
          setMessage({
            ok: true,
            text: !code
              ? `Row ${r.sourceId}: marked as not in the catalog (remembered).`
              : data.decision === "accepted"
                ? `Row ${r.sourceId}: proposed code ${code} accepted${confirmUse ? ` with the broker's use ${confirmUse.broker} (confirmed)` : ""}.`
                : `Row ${r.sourceId}: code ${code} saved${confirmUse ? ` with the broker's use ${confirmUse.broker} (confirmed)` : ""}; it will be used for this description next time.`,
          });
        },
        {
          onError: (error) => {
            setUsePick(null);
            setMessage({ ok: false, text: error });
          },
          // after a refusal too: it names someone else's answer, and the page then shows it
          refresh: "always",
        },
      ),
    [caseId, run],
  );

  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  // Keyboard flow: j/k or ↓/↑ move, a or Enter accepts, 1–8 picks a candidate, n = no code, / searches, x selects.
  useEffect(() => {
    if (!canEdit && !rows.length) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (searchFor || usePick || skippedUse || t.closest("input, textarea, select, [role=dialog]") || e.metaKey || e.ctrlKey || e.altKey) return;
      const cur = rows[active];
      if (e.key === "j" || e.key === "ArrowDown") setActive((i) => Math.min(rows.length - 1, i + 1));
      else if (e.key === "k" || e.key === "ArrowUp") setActive((i) => Math.max(0, i - 1));
      else if (!canEdit || !cur) return;
      else if ((e.key === "a" || e.key === "Enter") && cur.machineCode && !cur.reviewDecision) accept([cur.id]);
      else if (/^[1-8]$/.test(e.key) && cur.candidates[Number(e.key) - 1]) correct(cur, cur.candidates[Number(e.key) - 1].code);
      else if (e.key === "n") correct(cur, null);
      else if (e.key === "/" || e.key === "s") setSearchFor(cur);
      else if (e.key === "x") toggle(cur.id);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows, active, canEdit, accept, correct, searchFor, usePick, skippedUse]);

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
        <p role={message.ok ? "status" : "alert"} className={`mb-2 text-sm ${!message.ok ? "text-red-700" : message.warn ? "text-amber-800" : "text-green-700"}`}>
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
        <div ref={tableRef} className="min-w-0">
          <StaticTable
            columns={reviewColumns({ canEdit, selected, toggle })}
            data={rows}
            getRowId={(r) => r.id}
            density="compact"
            testId="review-table"
            rowAttributes={(_, i) => ({
              "data-row-index": i,
              "data-testid": "review-row",
              onClick: () => setActive(i),
              className: `cursor-pointer ${i === active ? "bg-brand-50 outline outline-1 outline-brand-300" : "hover:bg-slate-50"}`,
            })}
            empty={{ title: "No rows in this view.", children: "Pick another filter above." }}
          />
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
            const r = rows.find((x) => x.id === searchFor.id) ?? searchFor;
            setSearchFor(null);
            correct(r, code);
          }}
        />
      )}
      {skippedUse && (
        <Dialog
          open
          onOpenChange={(o) => !o && setSkippedUse(null)}
          title={`${skippedUse.set.count.toLocaleString("en-US")} ${skippedUse.set.count === 1 ? "row" : "rows"} not accepted: the code's use differs from the broker's`}
        >
          <BulkUseConflictPrompt
            rows={skippedUse.rows}
            total={skippedUse.set.count}
            changed={skippedUse.changed}
            pending={pending}
            onConfirm={() => accept(skippedUse.ids, skippedUse.set)}
            onLeave={() => setSkippedUse(null)}
          />
        </Dialog>
      )}
      {usePick && (
        <Dialog open onOpenChange={(o) => !o && setUsePick(null)} title={`Row ${usePick.sourceId}: the code's use differs from the broker's`}>
          <UseConflictPrompt
            pick={usePick}
            pending={pending}
            onConfirm={() =>
              correct(rows.find((x) => x.id === usePick.rowId) ?? { id: usePick.rowId, sourceId: usePick.sourceId, code: null, reviewDecision: null }, usePick.code, {
                broker: usePick.useConflict.broker,
                catalog: usePick.useConflict.catalog,
              })
            }
            onPickAnother={() => {
              const r = rows.find((x) => x.id === usePick.rowId) ?? null;
              setUsePick(null);
              setSearchFor(r);
            }}
          />
        </Dialog>
      )}
    </div>
  );
}
