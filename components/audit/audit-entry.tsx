import { describeAudit } from "@/lib/audit/describe";

// One audit event as a person reads it: what happened, each changed field as before → after, the notes that came
// with it (a reason, "approved despite …"). The stored record is behind "Details" for admins only.

export function AuditEntry({ action, before, after, showRaw }: { action: string; before: unknown; after: unknown; showRaw: boolean }) {
  const d = describeAudit({ action, before, after });
  return (
    <div className="min-w-0 space-y-0.5">
      <div className="font-medium text-slate-800">{d.what}</div>
      {d.changes.length > 0 && (
        <ul className="space-y-0.5 text-xs text-slate-700">
          {d.changes.map((c, i) => (
            <li key={i} className="break-words">
              <span className="text-slate-500">{c.field}:</span> <span className="text-red-700 line-through decoration-red-300">{c.before}</span> →{" "}
              <span className="text-green-700">{c.after}</span>
            </li>
          ))}
        </ul>
      )}
      {d.notes.length > 0 && (
        <ul className="space-y-0.5 text-xs text-slate-600">
          {d.notes.map((n, i) => (
            <li key={i} className="break-words">
              <span className="text-slate-500">{n.field}:</span> {n.after}
            </li>
          ))}
        </ul>
      )}
      {showRaw && (before != null || after != null) && (
        <details className="text-xs text-slate-500">
          <summary className="cursor-pointer select-none">Details</summary>
          <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded bg-slate-50 p-2 font-mono text-[11px]">
            {JSON.stringify({ action, before, after }, null, 2)}
          </pre>
        </details>
      )}
    </div>
  );
}
