"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, InputField } from "@/components/ui/field";
import { useAction } from "@/components/use-action";
import { enterEmailAction } from "@/lib/actions/inbox";

export function ManualEmailForm() {
  const form = useRef<HTMLFormElement>(null);
  const { pending, error, run } = useAction();
  const [result, setResult] = useState<{ path: string; status: string; message?: string; duplicateOf?: string }[] | null>(null);
  return (
    <form
      ref={form}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        run(
          () => enterEmailAction(fd),
          (data) => {
            setResult(data.lines);
            form.current?.reset();
          },
        );
      }}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <InputField id="me-from" label="From" name="from" required placeholder="Billing <billing@vendor.com>" />
        <InputField id="me-subject" label="Subject" name="subject" placeholder="Invoice 1043" />
      </div>
      <Field id="me-body" label="Body">
        <textarea id="me-body" name="body" rows={3} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      </Field>
      <Field id="me-attachments" label="Attachments">
        <input id="me-attachments" name="attachments" type="file" multiple className="block text-sm" />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Add email"}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {result && !error && (
        <ul className="text-sm" aria-live="polite">
          {result.length === 0 && <li className="text-green-700">Email added (no attachments).</li>}
          {result.map((l) => (
            <li key={l.path} className={l.status === "error" ? "text-red-700" : l.status === "stored" ? "text-green-700" : "text-amber-700"}>
              {l.path}: {l.status === "duplicate" ? (l.message ?? `already uploaded as ${l.duplicateOf}`) : (l.message ?? l.status)}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
