import type { ReviewRow } from "./review-row";

const norm = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toUpperCase();

export const decisionTone = { auto: "green", review: "amber", no_match: "red" } as const;
export const decisionLabel: Record<NonNullable<ReviewRow["decision"]>, string> = { auto: "auto", review: "review", no_match: "no match" };

/** A candidate's description with the words the row does not mention highlighted. */
export function Highlighted({ text, diff }: { text: string; diff: string[] }) {
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

export function Confidence({ value }: { value: number | null }) {
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
export function MatchReason({ reason }: { reason: string | null }) {
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
