import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { searchCatalogAction } from "@/lib/actions/insurance";
import type { ReviewRow } from "./review-row";

interface Hit {
  code: string;
  brand: string;
  model: string;
  version: string;
  year: number;
  description: string;
  score: number;
}

export function CatalogSearchDialog({ caseId, row, onClose, onPick }: { caseId: string; row: ReviewRow; onClose: () => void; onPick: (code: string) => void }) {
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
