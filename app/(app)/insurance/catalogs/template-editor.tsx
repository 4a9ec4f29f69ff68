"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { saveQuoteTemplateAction } from "@/lib/actions/insurance";
import { FLEET_FIELDS } from "@/lib/insurance/fields";
import type { QuoteColumn } from "@/lib/insurance/export";

const TYPES = ["text", "int", "float", "percent", "date"] as const;
const SOURCES = ["sourceId", "rowNumber", "code", "catalogDescription", "confidence", "decision", "quote.startDate", ...FLEET_FIELDS.map((f) => `canonical.${f}`)];

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
      <table className="min-w-full text-xs">
        <thead className="text-left uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1 pr-2">Header</th>
            <th className="py-1 pr-2">Source</th>
            <th className="py-1 pr-2">Type</th>
            <th className="py-1 pr-2">Default</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {cols.map((c, i) => (
            <tr key={i}>
              <td className="py-0.5 pr-2">
                <Input aria-label="Header" value={c.header} disabled={!canEdit} onChange={(e) => set(i, { header: e.target.value })} />
              </td>
              <td className="py-0.5 pr-2">
                <Input aria-label="Source" list={`sources-${insurerId}`} value={c.source} disabled={!canEdit} onChange={(e) => set(i, { source: e.target.value })} />
              </td>
              <td className="py-0.5 pr-2">
                <Select aria-label="Type" value={c.type} disabled={!canEdit} onChange={(e) => set(i, { type: e.target.value as QuoteColumn["type"] })}>
                  {TYPES.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </Select>
              </td>
              <td className="py-0.5 pr-2">
                <Input
                  aria-label="Default"
                  value={c.default === undefined ? "" : String(c.default)}
                  disabled={!canEdit}
                  onChange={(e) => set(i, { default: e.target.value === "" ? undefined : c.type === "text" || c.type === "date" ? e.target.value : Number(e.target.value) })}
                />
              </td>
              <td className="whitespace-nowrap py-0.5">
                {canEdit && (
                  <>
                    <Button size="sm" variant="ghost" aria-label="Move up" onClick={() => move(i, -1)}>
                      ↑
                    </Button>
                    <Button size="sm" variant="ghost" aria-label="Move down" onClick={() => move(i, 1)}>
                      ↓
                    </Button>
                    <Button size="sm" variant="ghost" aria-label="Remove column" onClick={() => setCols((x) => x.filter((_, j) => j !== i))}>
                      ✕
                    </Button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
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
