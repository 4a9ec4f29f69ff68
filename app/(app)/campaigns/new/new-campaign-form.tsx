"use client";

import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, InputField } from "@/components/ui/field";
import { Input, Label, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { inspectRecipientFileAction, createCampaignAction } from "@/lib/actions/campaigns";
import { checkTemplate, renderForRecipient } from "@/lib/campaigns/template";
import { SkippedRowsTable } from "../skipped-rows-table";

type Inspection = {
  headers: string[];
  sheetName: string | null;
  warnings: string[];
  totalRows: number;
  sample: string[][];
  suggestion: Record<string, string | undefined>;
  mapping: Record<string, string | undefined> | null;
  result: {
    recipients: number;
    columns: string[];
    columnKeys: { header: string; key: string }[];
    skipped: { rowNumber: number; email: string; reason: string; detail: string }[];
    preview: Record<string, string>[];
  } | null;
};

// Same fields as lib/campaigns/recipients (not imported: that module pulls the spreadsheet parsers into the browser).
const RECIPIENT_FIELDS = ["email", "company", "name", "role", "designation"] as const;

const area = "block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm";

export function NewCampaignForm({ accounts, maxAttachmentMb, maxTotalMb }: { accounts: { id: string; label: string; status: string }[]; maxAttachmentMb: number; maxTotalMb: number }) {
  const router = useRouter();
  const { pending, error, setError, run } = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [skipContacted, setSkipContacted] = useState(true);
  const [name, setName] = useState("");
  const [accountId, setAccountId] = useState(accounts[0]?.id ?? "");
  const [subject, setSubject] = useState("");
  const [textBody, setTextBody] = useState("");
  const [htmlBody, setHtmlBody] = useState("");
  const [onEmpty, setOnEmpty] = useState<"skip" | "fallback">("skip");
  const [fallbacks, setFallbacks] = useState<Record<string, string>>({});
  const [attachments, setAttachments] = useState<File[]>([]);
  // The browser's zone, read after hydration (the server renders in its own zone).
  const [timeZone, setTimeZone] = useState("UTC");
  useEffect(() => setTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);

  const inspect = (f: File, m?: Record<string, string>, skip = skipContacted) => {
    const fd = new FormData();
    fd.set("file", f);
    if (m) fd.set("mapping", JSON.stringify(m));
    fd.set("skipAlreadyContacted", skip ? "1" : "0");
    run(
      () => inspectRecipientFileAction(fd),
      (data) => {
        setInspection(data as Inspection);
        const used = (data.mapping ?? data.suggestion) as Record<string, string | undefined>;
        setMapping(Object.fromEntries(Object.entries(used).filter((e): e is [string, string] => Boolean(e[1]))));
      },
      { refresh: false, onError: () => setInspection(null) },
    );
  };

  const columns = useMemo(() => inspection?.result?.columns ?? [], [inspection]);
  const check = useMemo(
    () => (subject || textBody || htmlBody ? checkTemplate({ subject, text: textBody || undefined, html: htmlBody || undefined }, columns) : null),
    [subject, textBody, htmlBody, columns],
  );
  const previews = useMemo(() => {
    if (!check?.ok || !inspection?.result) return [];
    return inspection.result.preview.map((fields) => ({
      to: fields.email,
      r: renderForRecipient({ subject, text: textBody || undefined, html: htmlBody || undefined }, fields, {
        onEmpty,
        fallbacks,
        unsubscribeUrl: "https://…/u/(signed link per recipient)",
      }),
    }));
  }, [check, inspection, subject, textBody, htmlBody, onEmpty, fallbacks]);
  const attachmentBytes = attachments.reduce((s, f) => s + f.size, 0);
  const tooBig = attachments.find((f) => f.size > maxAttachmentMb * 1024 * 1024);

  const submit = () => {
    if (!file) return setError("Upload the recipient list first.");
    const fd = new FormData();
    fd.set("file", file);
    for (const a of attachments) fd.append("attachments", a);
    fd.set("campaign", JSON.stringify({ name, accountId, mapping, skipAlreadyContacted: skipContacted, subject, textBody, htmlBody, onEmpty, fallbacks, timeZone }));
    // the new campaign's own page is rendered fresh: no refresh of this one first
    run(() => createCampaignAction(fd), (data) => router.push(`/campaigns/${data.campaignId}`), { refresh: false });
  };

  return (
    <div className="grid gap-6">
      <Card title="1. Recipients">
        <div className="grid gap-4 sm:grid-cols-2">
          <InputField id="c-name" label="Campaign name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Backend roles — November" />
          <Field id="c-account" label="Send from">
            <Select id="c-account" value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.label}
                  {a.status === "needs_reconnect" ? " (reconnect needed)" : ""}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field id="c-file" label="Recipient list (CSV or Excel .xlsx)" className="mt-4">
          <input
            id="c-file"
            type="file"
            accept=".csv,.txt,.tsv,.xlsx"
            className="block text-sm"
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              if (f) inspect(f);
            }}
          />
          <p className="mt-1 text-xs text-slate-500">
            Columns for email, company, name, role and designation are detected (English or Spanish headers); every other column becomes a {"{{placeholder}}"}.
          </p>
        </Field>
        {inspection && (
          <div className="mt-4 space-y-4">
            {inspection.warnings.map((w) => (
              <p key={w} role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
                {w}
              </p>
            ))}
            <p className="text-sm text-slate-700">
              {inspection.totalRows.toLocaleString("en")} rows{inspection.sheetName ? ` in sheet “${inspection.sheetName}”` : ""}. Check the mapping:
            </p>
            <div className="grid gap-3 sm:grid-cols-5">
              {RECIPIENT_FIELDS.map((f) => (
                <div key={f}>
                  <Label htmlFor={`map-${f}`}>{f === "email" ? "Email (required)" : f[0].toUpperCase() + f.slice(1)}</Label>
                  <Select
                    id={`map-${f}`}
                    value={mapping[f] ?? ""}
                    onChange={(e) => {
                      const next = { ...mapping, [f]: e.target.value };
                      if (!e.target.value) delete next[f];
                      setMapping(next);
                      if (file && next.email) inspect(file, next);
                    }}
                  >
                    <option value="">— none —</option>
                    {inspection.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </Select>
                </div>
              ))}
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={skipContacted}
                onChange={(e) => {
                  setSkipContacted(e.target.checked);
                  if (file && mapping.email) inspect(file, mapping, e.target.checked);
                }}
              />
              Skip addresses this workspace has already contacted
            </label>
            {inspection.result ? (
              <div>
                <p className="text-sm" data-testid="import-summary">
                  <span className="font-medium text-green-700">{inspection.result.recipients.toLocaleString("en")} recipients</span> will be imported;{" "}
                  <span className={inspection.result.skipped.length ? "font-medium text-amber-700" : ""}>{inspection.result.skipped.length} rows skipped</span>.
                  Placeholders: {inspection.result.columns.map((c) => `{{${c}}}`).join(" ")} {"{{unsubscribe_url}}"}
                </p>
                {inspection.result.skipped.length > 0 && (
                  <SkippedRowsTable rows={inspection.result.skipped} className="mt-2 max-h-64" testId="skipped-rows" />
                )}
              </div>
            ) : (
              <p className="text-sm text-amber-800">Choose which column holds the email address.</p>
            )}
          </div>
        )}
      </Card>

      <Card title="2. Template">
        <div className="space-y-3">
          <InputField id="c-subject" label="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} placeholder="Application for {{role}} at {{company}}" />
          <div className="grid gap-3 lg:grid-cols-2">
            <Field id="c-text" label="Plain text">
              <textarea id="c-text" rows={10} className={area} value={textBody} onChange={(e) => setTextBody(e.target.value)} placeholder={"Hi {{first_name}},\n\n…"} />
            </Field>
            <Field id="c-html" label="HTML (optional)">
              <textarea id="c-html" rows={10} className={area} value={htmlBody} onChange={(e) => setHtmlBody(e.target.value)} placeholder="<p>Hi {{first_name}},</p>" />
            </Field>
          </div>
          <p className="text-xs text-slate-500">
            {"{{company | your team}}"} gives an inline fallback. An unsubscribe link is added to every message unless the body uses {"{{unsubscribe_url}}"}.
          </p>
          <div className="flex flex-wrap items-center gap-4 text-sm">
            <span>When a value is empty:</span>
            <label className="flex items-center gap-1">
              <input type="radio" checked={onEmpty === "skip"} onChange={() => setOnEmpty("skip")} /> skip that recipient
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" checked={onEmpty === "fallback"} onChange={() => setOnEmpty("fallback")} /> use a fallback
            </label>
          </div>
          {onEmpty === "fallback" && check?.ok && (
            <div className="grid gap-2 sm:grid-cols-3">
              {check.placeholders
                .filter((p) => p !== "unsubscribe_url")
                .map((p) => (
                  <div key={p}>
                    <Label htmlFor={`fb-${p}`}>{`Fallback for {{${p}}}`}</Label>
                    <Input id={`fb-${p}`} value={fallbacks[p] ?? ""} onChange={(e) => setFallbacks({ ...fallbacks, [p]: e.target.value })} />
                  </div>
                ))}
            </div>
          )}
          {check && !check.ok && (
            <ul role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="template-errors">
              {check.errors.map((e, i) => (
                <li key={i}>
                  {e.part}: {e.message}
                </li>
              ))}
            </ul>
          )}
          {previews.length > 0 && (
            <div className="space-y-2">
              <p className="text-sm font-medium">Preview for the first recipients</p>
              {previews.map((p) => (
                <div key={p.to} className="rounded border border-slate-200 p-3 text-sm">
                  <p className="text-xs text-slate-500">To: {p.to}</p>
                  {p.r.ok ? (
                    <>
                      <p className="font-medium">{p.r.message.subject}</p>
                      <pre className="mt-1 whitespace-pre-wrap font-sans text-slate-700">{p.r.message.text ?? "(HTML only)"}</pre>
                    </>
                  ) : (
                    <p className="text-amber-800">Would be skipped: {p.r.reason}</p>
                  )}
                </div>
              ))}
            </div>
          )}
          <Field id="c-attachments" label={<>Attachments (up to {maxAttachmentMb} MB each, {maxTotalMb} MB in total)</>}>
            <input id="c-attachments" type="file" multiple className="block text-sm" onChange={(e) => setAttachments(Array.from(e.target.files ?? []))} />
            {attachments.length > 0 && (
              <p className={`mt-1 text-xs ${tooBig || attachmentBytes > maxTotalMb * 1024 * 1024 ? "text-red-700" : "text-slate-600"}`}>
                {attachments.map((a) => `${a.name} (${(a.size / 1024).toFixed(0)} KB)`).join(", ")}
                {tooBig ? ` — ${tooBig.name} is over ${maxAttachmentMb} MB` : ""}
              </p>
            )}
          </Field>
        </div>
      </Card>

      <div className="flex items-center gap-3">
        <Button type="button" disabled={pending || !inspection?.result || !check?.ok || !name.trim()} onClick={submit}>
          {pending ? "Working…" : "Save draft"}
        </Button>
        <span className="text-xs text-slate-500">Times use your time zone: {timeZone}. Nothing is sent until you schedule it.</span>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
