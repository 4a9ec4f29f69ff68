"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { NamedOptions, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { createCaseFromUploadAction } from "@/lib/actions/insurance";

/** Upload a broker's fleet spreadsheet (or the .eml it came in) to open a case; the case page shows matching live. */
export function NewCaseForm({ brokers, insurers }: { brokers: { id: string; name: string }[]; insurers: { id: string; name: string }[] }) {
  const router = useRouter();
  const form = useRef<HTMLFormElement>(null);
  const { pending, error, setError, run } = useAction();
  return (
    <form
      ref={form}
      className="grid gap-3 sm:grid-cols-[1fr_auto_auto_auto] sm:items-end"
      onSubmit={(e) => {
        e.preventDefault();
        const fd = new FormData(e.currentTarget);
        setError(null);
        run(
          () => createCaseFromUploadAction(fd),
          (data) => {
            form.current?.reset();
            const first = data.cases[0];
            if (data.cases.length === 1 && first) router.push(`/insurance/cases/${first.id}`);
            else router.refresh();
          },
          { refresh: false },
        );
      }}
    >
      <Field id="case-file" label="Broker spreadsheet (.xlsx, .csv) or email (.eml)">
        <input id="case-file" name="file" type="file" required accept=".xlsx,.csv,.eml" data-testid="case-file" className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm" />
      </Field>
      <Field id="case-broker" label="Broker">
        <Select id="case-broker" name="brokerId" defaultValue="">
          <option value="">Detect from sender</option>
          <NamedOptions items={brokers} />
        </Select>
      </Field>
      {insurers.length > 1 ? (
        <Field id="case-insurer" label="Insurer">
          <Select id="case-insurer" name="insurerId" defaultValue="">
            <option value="">Latest active catalog</option>
            <NamedOptions items={insurers} />
          </Select>
        </Field>
      ) : (
        <span />
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Opening case…" : "Open case"}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-4">
          {error}
        </p>
      )}
    </form>
  );
}
