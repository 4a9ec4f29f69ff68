"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
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
        <div>
          <Label htmlFor="me-from">From</Label>
          <Input id="me-from" name="from" required placeholder="Billing <billing@vendor.com>" />
        </div>
        <div>
          <Label htmlFor="me-subject">Subject</Label>
          <Input id="me-subject" name="subject" placeholder="Invoice 1043" />
        </div>
      </div>
      <div>
        <Label htmlFor="me-body">Body</Label>
        <textarea id="me-body" name="body" rows={3} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      </div>
      <div>
        <Label htmlFor="me-attachments">Attachments</Label>
        <input id="me-attachments" name="attachments" type="file" multiple className="block text-sm" />
      </div>
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
