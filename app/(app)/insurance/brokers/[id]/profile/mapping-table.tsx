import type { Dispatch, SetStateAction } from "react";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/input";
import { FIELD_LABELS, FLEET_FIELDS, type FleetField } from "@/lib/insurance/fields";
import type { ColumnChoice } from "./wizard-types";

/** Step 2's table: each column of the file, the field it maps to (editable), the confidence and the evidence. */
export function MappingTable({ columns, setColumns }: { columns: ColumnChoice[]; setColumns: Dispatch<SetStateAction<ColumnChoice[]>> }) {
  return (
    <table className="min-w-full text-sm" data-testid="mapping-table">
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-1 pr-3">Column in the file</th>
          <th className="py-1 pr-3">Field</th>
          <th className="py-1 pr-3">Confidence</th>
          <th className="py-1">Evidence</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {columns.map((c, i) => (
          <tr key={`${c.column}-${i}`} className="align-top">
            <td className="py-1.5 pr-3 font-medium">{c.column}</td>
            <td className="py-1.5 pr-3">
              <Select
                aria-label={`Field for ${c.column}`}
                value={c.field}
                onChange={(e) => setColumns((cols) => cols.map((x, j) => (j === i ? { ...x, field: e.target.value as FleetField | "" } : x)))}
              >
                <option value="">— ignore —</option>
                {FLEET_FIELDS.map((f) => (
                  <option key={f} value={f}>
                    {FIELD_LABELS[f]}
                  </option>
                ))}
              </Select>
            </td>
            <td className="py-1.5 pr-3">
              <Badge tone={c.confidence >= 0.8 ? "green" : c.confidence >= 0.5 ? "amber" : "gray"}>{Math.round(c.confidence * 100)}%</Badge>
            </td>
            <td className="py-1.5 text-xs text-slate-600">
              {c.evidence.join("; ") || "—"}
              {c.model && (
                <div className={`mt-1 ${c.model.disagrees && c.model.field !== c.field ? "text-amber-800" : "text-slate-500"}`} data-testid="model-opinion">
                  model: {c.model.field ? `${FIELD_LABELS[c.model.field]} (${Math.round(c.model.confidence * 100)}%)` : `no field (${Math.round(c.model.confidence * 100)}%)`}
                  {c.model.reason ? ` — ${c.model.reason}` : ""}
                  {c.model.disagrees && c.model.field !== c.field && " · disagrees with the offline match, which is kept"}
                  {c.model.field && c.model.field !== c.field && (
                    <button
                      type="button"
                      className="ml-2 text-blue-700 underline"
                      onClick={() => {
                        const f = c.model!.field as FleetField;
                        // one column per field: the column that had it before is cleared
                        setColumns((cols) => cols.map((x, j) => (j === i ? { ...x, field: f } : x.field === f ? { ...x, field: "" } : x)));
                      }}
                    >
                      Use {FIELD_LABELS[c.model.field]}
                    </button>
                  )}
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
