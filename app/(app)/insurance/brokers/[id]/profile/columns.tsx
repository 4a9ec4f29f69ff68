import type { Dispatch, SetStateAction } from "react";
import type { Column } from "@/components/data-table/static-table";
import { Badge } from "@/components/ui/badge";
import { Select } from "@/components/ui/input";
import { FIELD_LABELS, FLEET_FIELDS, type FleetField } from "@/lib/insurance/fields";
import type { Analysis, ColumnChoice } from "./wizard-types";

export type PreviewRow = Analysis["preview"]["rows"][number];

/**
 * Step 2: each column of the file, the field it maps to (a select named "Field for <column>"), the confidence and
 * the evidence — with the model's opinion, applied only when the person clicks "Use …".
 */
export function mappingColumns(setColumns: Dispatch<SetStateAction<ColumnChoice[]>>): Column<ColumnChoice>[] {
  const setField = (i: number, field: FleetField | "") => setColumns((cols) => cols.map((x, j) => (j === i ? { ...x, field } : x)));
  return [
    { id: "column", header: "Column in the file", meta: { className: "text-sm font-medium" }, cell: ({ row }) => row.original.column },
    {
      id: "field",
      header: "Field",
      cell: ({ row: { original: c, index: i } }) => (
        <Select aria-label={`Field for ${c.column}`} value={c.field} onChange={(e) => setField(i, e.target.value as FleetField | "")}>
          <option value="">— ignore —</option>
          {FLEET_FIELDS.map((f) => (
            <option key={f} value={f}>
              {FIELD_LABELS[f]}
            </option>
          ))}
        </Select>
      ),
    },
    {
      id: "confidence",
      header: "Confidence",
      cell: ({ row: { original: c } }) => <Badge tone={c.confidence >= 0.8 ? "green" : c.confidence >= 0.5 ? "amber" : "gray"}>{Math.round(c.confidence * 100)}%</Badge>,
    },
    {
      id: "evidence",
      header: "Evidence",
      meta: { className: "text-slate-600" },
      cell: ({ row: { original: c, index: i } }) => (
        <>
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
        </>
      ),
    },
  ];
}

/** Step 3: the rows as the profile reads them — the row number, then one column per field any row has a value for. */
export function previewColumns(rows: readonly PreviewRow[]): Column<PreviewRow>[] {
  const fields = FLEET_FIELDS.filter((f) => rows.some((r) => r.canonical[f] !== undefined));
  return [
    { id: "row", header: "Row", meta: { className: "tabular-nums text-slate-500" }, cell: ({ row }) => row.original.rowNumber },
    ...fields.map((f): Column<PreviewRow> => ({ id: f, header: FIELD_LABELS[f], cell: ({ row }) => row.original.canonical[f] ?? "" })),
  ];
}
