import { StaticTable } from "@/components/data-table/static-table";
import { FIELD_LABELS, type FleetField } from "@/lib/insurance/fields";
import { previewColumns } from "./columns";
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
      {/* compact: a 14-column preview fits a 1280 px screen; taller than 24rem, it scrolls under its header */}
      <StaticTable columns={previewColumns(preview.rows)} data={preview.rows} getRowId={(r) => String(r.rowNumber)} density="compact" className="max-h-96 overflow-y-auto" />
    </>
  );
}
