import type { Column } from "@/components/data-table/static-table";
import type { listProfiles } from "@/db/queries/insurance/brokers";
import { FIELD_LABELS, type FleetField } from "@/lib/insurance/fields";

export type ProfileRow = Awaited<ReturnType<typeof listProfiles>>[number];

function sheetAndHeader({ rules }: ProfileRow) {
  const sheet = rules.sheet.name ?? rules.sheet.pattern ?? (rules.sheet.index !== undefined ? `#${rules.sheet.index + 1}` : "best fit");
  return `${sheet} / ${rules.headerRow === "auto" ? "auto" : `row ${rules.headerRow}`}`;
}

/** A broker's saved profile versions, newest first. */
export const profileColumns: Column<ProfileRow>[] = [
  { id: "version", header: "Version", meta: { className: "font-medium" }, cell: ({ row }) => `v${row.original.version}` },
  { id: "sheet", header: "Sheet / header", cell: ({ row }) => sheetAndHeader(row.original) },
  {
    id: "columns",
    header: "Columns",
    meta: { className: "text-xs text-slate-700" },
    cell: ({ row }) => row.original.rules.columns.map((c) => `${c.header} → ${FIELD_LABELS[c.field as FleetField] ?? c.field}`).join(", "),
  },
  { id: "sample", header: "Sample", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.sampleFilename ?? "—" },
  { id: "used", header: "Used", meta: { className: "text-right tabular-nums", headerClassName: "text-right" }, cell: ({ row }) => `${row.original.usageCount}×` },
  {
    id: "saved",
    header: "Saved",
    meta: { className: "text-slate-600" },
    cell: ({ row: { original: p } }) => `${p.createdAt.toISOString().slice(0, 10)}${p.createdByName ? ` by ${p.createdByName}` : ""}`,
  },
];
