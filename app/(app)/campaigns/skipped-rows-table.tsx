// Rows of a recipient list that were not imported, by file row and reason: shown before creating a campaign
// (the new-campaign form) and on the campaign afterwards. No hooks, so it renders on the server or the client.

const REASONS: Record<string, string> = {
  invalid_email: "Invalid email",
  duplicate: "Duplicate",
  suppressed: "Suppressed",
  already_contacted: "Already contacted",
};

export interface SkippedRow {
  rowNumber: number;
  email: string;
  reason: string;
  detail?: string;
}

export function SkippedRowsTable({ rows, className = "", testId }: { rows: readonly SkippedRow[]; className?: string; testId?: string }) {
  return (
    <div className={`overflow-auto ${className}`}>
      <table className="w-full text-left text-xs" data-testid={testId}>
        <thead className="sticky top-0 bg-slate-50 uppercase text-slate-500">
          <tr>
            <th className="px-2 py-1">Row</th>
            <th className="px-2 py-1">Email as written</th>
            <th className="px-2 py-1">Reason</th>
            <th className="px-2 py-1">Detail</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((s) => (
            <tr key={s.rowNumber}>
              <td className="px-2 py-1">{s.rowNumber}</td>
              <td className="px-2 py-1 font-mono">{s.email || "(empty)"}</td>
              <td className="px-2 py-1">{REASONS[s.reason] ?? s.reason}</td>
              <td className="px-2 py-1 text-slate-600">{s.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
