import { useEffect, useMemo, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { searchCatalogAction } from "@/lib/actions/insurance";
import { CatalogHitItem, type CatalogHit } from "./catalog-hit";
import type { ReviewRow } from "./review-row";

export function CatalogSearchDialog({ caseId, row, onClose, onPick }: { caseId: string; row: ReviewRow; onClose: () => void; onPick: (code: string) => void }) {
  const initial = useMemo(() => `${row.vehicle} ${row.description}`.replace(/\s+/g, " ").trim(), [row]);
  const [query, setQuery] = useState(initial);
  const [hits, setHits] = useState<CatalogHit[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    const t = setTimeout(async () => {
      if (!query.trim()) return setHits([]);
      setLoading(true);
      const r = await searchCatalogAction({ caseId, rowId: row.id, query });
      setLoading(false);
      if (r.ok) {
        setHits(r.data);
        setError(null);
      } else setError(r.error);
    }, 250);
    return () => clearTimeout(t);
  }, [caseId, row.id, query]);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Search the catalog for row ${row.sourceId}`}
      description={`Brand, model, version words; a 4-digit year filters by year; digits search by code. ${row.use ? `The row's use: ${row.use}; codes of another use are flagged.` : "The row gives no use."}`}
    >
      <Input autoFocus value={query} onChange={(e) => setQuery(e.target.value)} aria-label="Search the catalog" data-testid="catalog-search" />
      {error && <p className="mt-2 text-sm text-red-700">{error}</p>}
      <ul className="mt-3 max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm">
        {hits.map((h) => (
          <CatalogHitItem key={h.code} hit={h} onPick={onPick} />
        ))}
        {!loading && hits.length === 0 && query.trim() && <li className="py-3 text-slate-600">Nothing similar in the catalog. Try fewer words, or the model name only.</li>}
      </ul>
    </Dialog>
  );
}
