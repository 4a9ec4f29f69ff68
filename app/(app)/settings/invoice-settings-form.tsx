"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText, useAction } from "@/components/use-action";
import { saveInvoiceSettingsAction } from "@/lib/actions/workspace";
import type { HeaderField } from "@/lib/extraction/types";
import { HEADER_FIELD_LABELS } from "@/lib/workspace-settings";

// Which invoice fields the workspace books by, and how sure Docket must be before an invoice is "ready". A field
// that is not required and not on the document is shown as "not on the document", never as a doubt.

export function InvoiceSettingsForm({ requiredFields, reviewThreshold, canEdit }: { requiredFields: HeaderField[]; reviewThreshold: number; canEdit: boolean }) {
  const { pending, error, run } = useAction();
  const [required, setRequired] = useState(new Set(requiredFields));
  const [threshold, setThreshold] = useState(String(Math.round(reviewThreshold * 100)));
  const [saved, setSaved] = useState(false);
  const fields = Object.keys(HEADER_FIELD_LABELS) as HeaderField[];
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        run(
          () => saveInvoiceSettingsAction({ requiredFields: fields.filter((f) => required.has(f)), reviewThreshold: Number(threshold) / 100 }),
          () => setSaved(true),
        );
      }}
    >
      <fieldset disabled={!canEdit || pending}>
        <legend className="mb-2 text-sm text-slate-700">
          Required fields — an invoice without one of these waits for review; any other field the document does not carry is simply left empty.
        </legend>
        <div className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-3">
          {fields.map((f) => (
            <label key={f} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="requiredFields"
                value={f}
                checked={required.has(f)}
                onChange={(e) => {
                  const next = new Set(required);
                  if (e.currentTarget.checked) next.add(f);
                  else next.delete(f);
                  setRequired(next);
                }}
              />
              {HEADER_FIELD_LABELS[f]}
            </label>
          ))}
        </div>
        <label className="mt-3 flex items-center gap-2 text-sm">
          Ready when every field on the invoice is read with at least
          <input
            type="number"
            name="reviewThreshold"
            min={50}
            max={100}
            step={1}
            value={threshold}
            onChange={(e) => setThreshold(e.currentTarget.value)}
            className="w-20 rounded-md border border-slate-300 px-2 py-1"
            aria-label="Confidence threshold in percent"
          />
          % confidence
        </label>
      </fieldset>
      {canEdit ? (
        <div className="flex items-center gap-3">
          <Button type="submit" variant="secondary" disabled={pending}>
            Save invoice rules
          </Button>
          {saved && !error && <span className="text-sm text-green-700">Saved. They apply to invoices read or edited from now on.</span>}
        </div>
      ) : (
        <p className="text-xs text-slate-500">Only admins change these rules.</p>
      )}
      <ErrorText error={error} />
    </form>
  );
}
