"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { acceptFleetRowsAction, correctFleetRowAction, searchCatalogAction } from "@/lib/actions/insurance";

export interface ReviewCandidate {
  code: string;
  score: number;
  description: string;
  year: number;
  diffTokens: string[];
  rowOnlyTokens: string[];
  /** Found by meaning (catalog embeddings) rather than by the offline index. */
  via?: "embedding";
}

export interface ReviewRow {
  id: string;
  sourceId: string;
  rowNumber: number;
  vehicle: string;
  description: string;
  error: string | null;
  machineCode: string | null;
  confidence: number | null;
  decision: "auto" | "review" | "no_match" | null;
  candidates: ReviewCandidate[];
  reason: string | null;
  learned: boolean;
  learnedFrom: { by: string; at: string | null } | null;
  code: string | null;
  catalogDescription: string | null;
  reviewDecision: "accepted" | "corrected" | "rejected" | null;
  reviewerName: string | null;
  reviewedAt: string | null;
}

export const FILTERS = [
  { key: "all", label: "All" },
  { key: "pending", label: "Needs review" },
  { key: "auto", label: "Auto" },
  { key: "review", label: "Review" },
  { key: "no_match", label: "No match" },
  { key: "corrected", label: "Corrected" },
] as const;

const decisionTone = { auto: "green", review: "amber", no_match: "red" } as const;
const decisionLabel = { auto: "auto", review: "review", no_match: "no match" } as const;

const norm = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase();

/** A candidate's description with the words the row does not mention highlighted. */
function Highlighted({ text, diff }: { text: string; diff: string[] }) {
  const set = new Set(diff.map(norm));
  return (
    <span>
      {text.split(/(\s+)/).map((w, i) =>
        set.has(norm(w).replace(/[^A-Z0-9.]/g, "")) ? (
          <mark key={i} className="rounded bg-amber-100 px-0.5 text-amber-900" title="not in the broker's row">
            {w}
          </mark>
        ) : (
          <span key={i}>{w}</span>
        ),
      )}
    </span>
  );
}

function Confidence({ value }: { value: number | null }) {
  if (value === null) return <span className="text-slate-400">—</span>;
  const pct = Math.round(value * 100);
  const color = value >= 0.9 ? "bg-green-500" : value >= 0.5 ? "bg-amber-400" : "bg-red-500";
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="h-1.5 w-12 rounded bg-slate-100">
        <span className={`block h-1.5 rounded ${color}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="text-xs tabular-nums text-slate-600">{pct}%</span>
    </span>
  );
}

/**
 * Why the matcher is unsure, in one look: the matcher's reason is "; "-separated parts (what is uncertain first,
 * then how words were read: a misspelt model, a maker name, where the year came from). Two lines, all on hover.
 */
function MatchReason({ reason }: { reason: string | null }) {
  if (!reason) return null;
  const parts = reason.split("; ").filter(Boolean);
  return (
    <ul className="mt-1 text-xs text-amber-800" title={parts.join("\n")} data-testid="match-reason">
      {parts.slice(0, 2).map((p) => (
        <li key={p} className="truncate">
          {p}
        </li>
      ))}
      {parts.length > 2 && <li className="text-slate-400">+{parts.length - 2} more</li>}
    </ul>
  );
}

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

function RowDetail({ row, canEdit, pending, onAccept, onPick, onSearch }: { row: ReviewRow; canEdit: boolean; pending: boolean; onAccept: () => void; onPick: (code: string | null) => void; onSearch: () => void }) {
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

interface Hit {
  code: string;
  brand: string;
  model: string;
  version: string;
  year: number;
  description: string;
  score: number;
}

function CatalogSearchDialog({ caseId, row, onClose, onPick }: { caseId: string; row: ReviewRow; onClose: () => void; onPick: (code: string) => void }) {
  const initial = useMemo(() => `${row.vehicle} ${row.description}`.replace(/\s+/g, " ").trim(), [row]);
  const [query, setQuery] = useState(initial);
  const [hits, setHits] = useState<Hit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const t = setTimeout(async () => {
      if (!query.trim()) return setHits([]);
      setLoading(true);
      const r = await searchCatalogAction({ caseId, query });
      setLoading(false);
      if (r.ok) {
        setHits(r.data);
        setError(null);
      } else setError(r.error);
    }, 250);
    return () => clearTimeout(t);
  }, [caseId, query]);
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Search the catalog for row ${row.sourceId}`} description="Brand, model, version words; a 4-digit year filters by year; digits search by code.">
      <Input autoFocus value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search the catalog" data-testid="catalog-search" />
      {error && <p className="mt-2 text-sm text-red-700">{error}</p>}
      <ul className="mt-3 max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm">
        {hits.map((h) => (
          <li key={h.code} className="flex items-center justify-between gap-2 py-1.5">
            <span className="min-w-0">
              <span className="font-mono">{h.code}</span> <span className="text-xs text-slate-500">{h.year}</span>
              <span className="block truncate text-xs text-slate-700">
                {h.brand} {h.model} — {h.description}
              </span>
            </span>
            <span className="flex shrink-0 items-center gap-2">
              <span className="text-xs tabular-nums text-slate-500">{Math.round(h.score * 100)}%</span>
              <Button size="sm" onClick={() => onPick(h.code)}>
                Use
              </Button>
            </span>
          </li>
        ))}
        {!loading && hits.length === 0 && query.trim() && <li className="py-3 text-slate-600">Nothing similar in the catalog. Try fewer words, or the model name only.</li>}
      </ul>
    </Dialog>
  );
}
