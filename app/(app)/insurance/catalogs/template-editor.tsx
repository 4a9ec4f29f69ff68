"use client";

import { useState } from "react";
import { StaticTable } from "@/components/data-table/static-table";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { saveQuoteTemplateAction } from "@/lib/actions/insurance";
import type { QuoteColumn } from "@/lib/insurance/export";
import { QUOTE_SOURCES } from "@/lib/insurance/quote-sources";
import { templateColumns } from "./columns";

// vehicle.* is the coded vehicle (the catalog's spelling once matched); broker.* what the broker wrote
const SOURCES = QUOTE_SOURCES;

/** The insurer's quote layout as data: one line per column (header, source field, Excel type, default). */
export function TemplateEditor({ insurerId, name, sheetName, columns, canEdit }: { insurerId: string; name: string; sheetName: string; columns: QuoteColumn[]; canEdit: boolean }) {
  const [cols, setCols] = useState(columns);
  const [sheet, setSheet] = useState(sheetName);
  const { pending, error, run } = useAction();
  const [done, setDone] = useState<string | null>(null);
  const message = error ? { ok: false, text: error } : done ? { ok: true, text: done } : null;
  const set = (i: number, patch: Partial<QuoteColumn>) => setCols((c) => c.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const move = (i: number, d: number) =>
    setCols((c) => {
      const n = [...c];
      const [x] = n.splice(i, 1);
      n.splice(Math.max(0, Math.min(n.length, i + d)), 0, x);
      return n;
    });
  return (
    <div>
      <datalist id={`sources-${insurerId}`}>
        {SOURCES.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <label className="mb-2 flex items-center gap-2 text-sm">
        Sheet name <Input className="w-48" value={sheet} disabled={!canEdit} onChange={(e) => setSheet(e.target.value)} />
      </label>
      <StaticTable columns={templateColumns({ listId: `sources-${insurerId}`, canEdit, set, move, remove: (i) => setCols((x) => x.filter((_, j) => j !== i)) })} data={cols} getRowId={(_, i) => String(i)} />
      {canEdit && (
        <div className="mt-2 flex items-center gap-2">
          <Button size="sm" variant="secondary" onClick={() => setCols((c) => [...c, { header: "NUEVA", source: "code", type: "text" }])}>
            Add column
          </Button>
          <Button
            size="sm"
            disabled={pending}
            onClick={() =>
              run(
                () => saveQuoteTemplateAction({ insurerId, name, sheetName: sheet, columns: cols }),
                () => setDone("Template saved."),
              )
            }
          >
            Save template
          </Button>
          {message && <span className={`text-sm ${message.ok ? "text-green-700" : "text-red-700"}`}>{message.text}</span>}
        </div>
      )}
    </div>
  );
}
