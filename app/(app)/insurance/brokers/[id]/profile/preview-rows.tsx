import { FIELD_LABELS, FLEET_FIELDS, type FleetField } from "@/lib/insurance/fields";
import type { Analysis } from "./wizard-types";

/** Step 3's preview: whether the file fits, the validation errors by row, and the rows as the profile reads them. */
export function PreviewRows({ preview }: { preview: Analysis["preview"] }) {
  return (
    <>
      {preview.fits ? (
        <p className="mb-3 text-sm text-green-800" data-testid="preview-summary">
          Sheet “{preview.sheet}”, header row {preview.headerRow}: {preview.totalRows} row(s) read, {preview.errorCount} with validation errors
          {preview.droppedRows.length ? `, ${preview.droppedRows.length} total row(s) skipped` : ""}.
        </p>
      ) : (
        <p className="mb-3 text-sm text-red-700" data-testid="preview-summary">
          The file does not fit this profile: {preview.misfitReason}. Adjust the value rules above, or go back and adjust the mapping.
        </p>
      )}
      {preview.errors.length > 0 && (
        <div className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm">
          <p className="font-medium text-amber-900">Validation errors by row</p>
          <ul className="mt-1 max-h-40 overflow-y-auto text-xs text-amber-900">
            {preview.errors.map((e, i) => (
              <li key={i}>
                Row {e.rowNumber}
                {e.sourceId ? ` (#${e.sourceId})` : ""}: {FIELD_LABELS[e.field as FleetField] ?? e.field} — {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="max-h-96 overflow-auto">
        <table className="min-w-full text-xs">
          <thead className="sticky top-0 bg-white text-left uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1 pr-2">Row</th>
              {FLEET_FIELDS.filter((f) => preview.rows.some((r) => r.canonical[f] !== undefined)).map((f) => (
                <th key={f} className="py-1 pr-2">
                  {FIELD_LABELS[f]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {preview.rows.map((r) => (
              <tr key={r.rowNumber}>
                <td className="py-1 pr-2 tabular-nums text-slate-500">{r.rowNumber}</td>
                {FLEET_FIELDS.filter((f) => preview.rows.some((x) => x.canonical[f] !== undefined)).map((f) => (
                  <td key={f} className="py-1 pr-2">
                    {r.canonical[f] ?? ""}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
