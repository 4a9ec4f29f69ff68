"use client";

import { useState } from "react";
import { useAction } from "@/components/use-action";
import { saveAlertRuleAction } from "@/lib/actions/alerts";

interface Rule {
  kind: string;
  label: string;
  enabled: boolean;
  days: number | null;
  takesDays: boolean;
}

export function RuleRow({ rule, canEdit }: { rule: Rule; canEdit: boolean }) {
  const [enabled, setEnabled] = useState(rule.enabled);
  const [days, setDays] = useState(String(rule.days ?? ""));
  const [saved, setSaved] = useState(false);
  const { pending, error, setError, run } = useAction();
  return (
    <li className="flex flex-wrap items-center gap-3 py-2 text-sm" data-testid="alert-rule" data-kind={rule.kind}>
      <label className="flex flex-1 items-center gap-2">
        <input type="checkbox" checked={enabled} disabled={!canEdit} onChange={(e) => setEnabled(e.target.checked)} />
        {rule.label.replace(" N ", " ")}
      </label>
      {rule.takesDays && (
        <label className="flex items-center gap-1 text-xs text-slate-600">
          N =
          <input type="number" min={0} max={365} value={days} disabled={!canEdit} onChange={(e) => setDays(e.target.value)} className="w-16 rounded-md border border-slate-300 px-2 py-1 text-sm" aria-label={`${rule.label}: days`} />
          days
        </label>
      )}
      {canEdit && (
        <button
          type="button"
          disabled={pending}
          className="text-xs font-medium text-brand-700 hover:underline disabled:opacity-50"
          onClick={() => {
            const n = rule.takesDays ? Number(days) : null;
            if (rule.takesDays && (!Number.isInteger(n) || days.trim() === "")) {
              setError("Enter a whole number of days (0–365).");
              return;
            }
            run(
              () => saveAlertRuleAction({ kind: rule.kind, enabled, days: n }),
              () => setSaved(true),
              { refresh: "always" },
            );
          }}
        >
          Save
        </button>
      )}
      {saved && !error && <span className="text-xs text-green-700">Saved</span>}
      {error && <span className="text-xs text-red-700">{error}</span>}
    </li>
  );
}
