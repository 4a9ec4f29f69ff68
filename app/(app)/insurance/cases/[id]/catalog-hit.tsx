import { Button } from "@/components/ui/button";
import type { UseConflict } from "@/lib/insurance/quote-vehicle";

// A hit of the catalog search dialog (catalog-search-dialog.tsx).

export interface CatalogHit {
  code: string;
  brand: string;
  model: string;
  version: string;
  year: number;
  use: string;
  description: string;
  score: number;
  /** The hit's use contradicts the row's USO (the server's check): picking it asks for a confirmation. */
  useConflict: UseConflict | null;
}

/** One search result: code, year, use (flagged when it contradicts the row's), the catalog's words, the score, "Use". */
export function CatalogHitItem({ hit: h, onPick }: { hit: CatalogHit; onPick: (code: string) => void }) {
  const c = h.useConflict;
  return (
    <li className="flex items-center justify-between gap-2 py-1.5" data-testid="catalog-hit" data-use-conflict={c ? "true" : undefined}>
      <span className="min-w-0">
        <span className="font-mono">{h.code}</span> <span className="text-xs text-slate-500">{h.year}</span>{" "}
        {h.use &&
          (c ? (
            <span
              className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900"
              title={`The catalog's use ${c.catalog} differs from the broker's ${c.broker}: picking this code asks you to confirm the use.`}
              data-testid="catalog-hit-use"
            >
              use {h.use} ≠ row&apos;s {c.broker}
            </span>
          ) : (
            <span className="text-xs text-slate-600" data-testid="catalog-hit-use">
              use {h.use}
            </span>
          ))}
        <span className="block truncate text-xs text-slate-700">
          {h.brand} {h.model} — {h.description}
        </span>
      </span>
      <span className="flex shrink-0 items-center gap-2">
        <span className="text-xs tabular-nums text-slate-500">{Math.round(h.score * 100)}%</span>
        <Button size="sm" variant={c ? "secondary" : "primary"} onClick={() => onPick(h.code)} aria-label={`Use ${h.code}${c ? ` (use ${h.use} differs from the row's ${c.broker})` : ""}`}>
          Use
        </Button>
      </span>
    </li>
  );
}
