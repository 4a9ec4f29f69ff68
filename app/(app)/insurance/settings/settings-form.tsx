"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, InputField } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { saveInsuranceSettingsAction } from "@/lib/actions/insurance";

export function InsuranceSettingsForm({ initial, canEdit }: { initial: { cotPrefix: string; autoThreshold: number; reviewThreshold: number }; canEdit: boolean }) {
  const [v, setV] = useState({ cotPrefix: initial.cotPrefix, auto: String(Math.round(initial.autoThreshold * 100)), review: String(Math.round(initial.reviewThreshold * 100)) });
  const { pending, error, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);
  const message = error ? { ok: false, text: error } : saved ? { ok: true, text: saved } : null;
  return (
    <form
      className="grid max-w-xl gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        run(
          () => saveInsuranceSettingsAction({ cotPrefix: v.cotPrefix, autoThreshold: Number(v.auto) / 100, reviewThreshold: Number(v.review) / 100 }),
          () => setSaved("Saved. New cases use these settings."),
        );
      }}
    >
      <Field id="cot-prefix" label="COT prefix">
        <Input id="cot-prefix" value={v.cotPrefix} disabled={!canEdit} onChange={(e) => setV({ ...v, cotPrefix: e.target.value })} />
        <p className="mt-1 text-xs text-slate-500">Cases are numbered {v.cotPrefix.trim().toUpperCase() || "COT"}-{new Date().getFullYear()}-000001, 000002… per year, with no gaps.</p>
      </Field>
      <div className="grid grid-cols-2 gap-4">
        <InputField id="auto-threshold" label="Auto-accept at confidence ≥ (%)" type="number" min={1} max={100} value={v.auto} disabled={!canEdit} onChange={(e) => setV({ ...v, auto: e.target.value })} />
        <InputField id="review-threshold" label="Propose for review at ≥ (%); below: no match" type="number" min={0} max={99} value={v.review} disabled={!canEdit} onChange={(e) => setV({ ...v, review: e.target.value })} />
      </div>
      {canEdit && (
        <div>
          <Button type="submit" disabled={pending}>
            Save settings
          </Button>
        </div>
      )}
      {message && (
        <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-green-700" : "text-red-700"}`}>
          {message.text}
        </p>
      )}
    </form>
  );
}
