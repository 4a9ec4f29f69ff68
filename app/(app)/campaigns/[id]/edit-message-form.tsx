"use client";

import { useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, InputField } from "@/components/ui/field";
import { Input, Label } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { updateCampaignTemplateAction } from "@/lib/actions/campaigns";
import { checkTemplate, renderForRecipient, SYSTEM_PLACEHOLDERS } from "@/lib/campaigns/template";
import { fallbacksToSave, insertPlaceholder } from "./message-edit";
import { PREVIEW_UNSUBSCRIBE_URL, RenderedMessage } from "./message-preview";

export interface EditableMessage {
  name: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  onEmpty: "skip" | "fallback";
  fallbacks: Record<string, string>;
}

type Field = "subject" | "textBody" | "htmlBody";

const FIELD_LABELS: Record<Field, string> = { subject: "Subject", textBody: "Plain text", htmlBody: "HTML" };
const area = "block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-sm";

const same = (a: EditableMessage, b: EditableMessage) =>
  a.name.trim() === b.name.trim() &&
  a.subject.trim() === b.subject.trim() &&
  a.textBody === b.textBody &&
  a.htmlBody === b.htmlBody &&
  a.onEmpty === b.onEmpty &&
  JSON.stringify(Object.entries(a.fallbacks).sort()) === JSON.stringify(Object.entries(b.fallbacks).sort());

/**
 * Edits a draft's name, subject, bodies, empty-value rule and fallbacks; the live preview renders the
 * message being written for the page's preview recipient. The server checks the template again on save
 * (and refuses anything but a draft); its error is shown under the form.
 */
export function EditMessageForm({
  campaignId,
  saved,
  columns,
  recipient,
}: {
  campaignId: string;
  saved: EditableMessage;
  columns: string[];
  recipient: { email: string; fields: Record<string, string> } | null;
}) {
  const { pending, run } = useAction();
  const [m, setM] = useState<EditableMessage>(saved);
  const [feedback, setFeedback] = useState<{ ok: boolean; text: string } | null>(null);
  const [target, setTarget] = useState<Field>("textBody");
  const refs = {
    subject: useRef<HTMLInputElement>(null),
    textBody: useRef<HTMLTextAreaElement>(null),
    htmlBody: useRef<HTMLTextAreaElement>(null),
  };

  const set = (patch: Partial<EditableMessage>) => {
    setM((prev) => ({ ...prev, ...patch }));
    setFeedback((f) => (f?.ok ? null : f));
  };
  // A body of only whitespace is no body: the server stores it as empty.
  const template = useMemo(
    () => ({ subject: m.subject, text: m.textBody.trim() ? m.textBody : undefined, html: m.htmlBody.trim() ? m.htmlBody : undefined }),
    [m.subject, m.textBody, m.htmlBody],
  );
  const check = useMemo(() => checkTemplate(template, columns), [template, columns]);
  const cleanFallbacks = fallbacksToSave(m.fallbacks, columns);
  const preview =
    recipient && check.ok ? renderForRecipient(template, recipient.fields, { onEmpty: m.onEmpty, fallbacks: cleanFallbacks, unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL }) : null;
  const usedColumns = check.placeholders.filter((p) => columns.includes(p));
  const changed = !same({ ...m, fallbacks: cleanFallbacks }, { ...saved, fallbacks: fallbacksToSave(saved.fallbacks, columns) });

  const insert = (key: string) => {
    const el = refs[target].current;
    const { value, caret } = insertPlaceholder(m[target], el?.selectionStart, el?.selectionEnd, key);
    set({ [target]: value });
    // After React has written the new value: keep typing where the placeholder ends.
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  // One feedback line under the form: what was saved, or why not (the server's words).
  const save = () => {
    if (!m.name.trim()) return setFeedback({ ok: false, text: "Give the campaign a name." });
    run(
      () =>
        updateCampaignTemplateAction({
          campaignId,
          name: m.name.trim(),
          subject: m.subject,
          textBody: m.textBody,
          htmlBody: m.htmlBody,
          onEmpty: m.onEmpty,
          fallbacks: cleanFallbacks,
        }),
      () => {
        setM((prev) => ({ ...prev, name: prev.name.trim(), subject: prev.subject.trim(), fallbacks: cleanFallbacks }));
        setFeedback({ ok: true, text: "Saved. The message preview and “Send a test to myself” now use this message." });
      },
      { onError: (text) => setFeedback({ ok: false, text }) },
    );
  };

  return (
    <form
      className="space-y-3"
      data-testid="edit-message"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <InputField id="edit-name" label="Campaign name" value={m.name} onChange={(e) => set({ name: e.target.value })} required />
      <InputField id="edit-subject" label="Subject" ref={refs.subject} value={m.subject} onFocus={() => setTarget("subject")} onChange={(e) => set({ subject: e.target.value })} />
      <div className="grid gap-3 lg:grid-cols-2">
        <Field id="edit-text" label="Plain text">
          <textarea id="edit-text" ref={refs.textBody} rows={10} className={area} value={m.textBody} onFocus={() => setTarget("textBody")} onChange={(e) => set({ textBody: e.target.value })} />
        </Field>
        <Field id="edit-html" label="HTML (optional)">
          <textarea
            id="edit-html"
            ref={refs.htmlBody}
            rows={10}
            className={area}
            value={m.htmlBody}
            onFocus={() => setTarget("htmlBody")}
            onChange={(e) => set({ htmlBody: e.target.value })}
            placeholder="<p>Hi {{first_name}},</p>"
          />
        </Field>
      </div>

      <div className="text-sm" data-testid="placeholder-list">
        <p className="text-slate-700">
          Columns of the list — click to insert at the cursor in <span className="font-medium">{FIELD_LABELS[target]}</span>:
        </p>
        <div className="mt-1 flex flex-wrap gap-1">
          {[...columns, ...SYSTEM_PLACEHOLDERS].map((key) => {
            const system = (SYSTEM_PLACEHOLDERS as readonly string[]).includes(key);
            return (
              <button
                key={key}
                type="button"
                // Keep the field's selection: the click must not move focus before we read the cursor.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insert(key)}
                disabled={system && target === "subject"}
                title={system ? "The recipient's unsubscribe link (bodies only)" : `Insert {{${key}}}`}
                className={`rounded border px-2 py-0.5 font-mono text-xs disabled:opacity-40 ${system ? "border-slate-200 bg-slate-50 text-slate-600" : "border-brand-100 bg-brand-50 text-brand-700 hover:bg-brand-100"}`}
              >
                {`{{${key}}}`}
              </button>
            );
          })}
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {"{{company | your team}}"} gives an inline fallback. An unsubscribe link is added to every message unless the body uses {"{{unsubscribe_url}}"}.
        </p>
      </div>

      <div className="flex flex-wrap items-center gap-4 text-sm">
        <span>When a value is empty:</span>
        <label className="flex items-center gap-1">
          <input type="radio" name="edit-on-empty" checked={m.onEmpty === "skip"} onChange={() => set({ onEmpty: "skip" })} /> skip that recipient
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" name="edit-on-empty" checked={m.onEmpty === "fallback"} onChange={() => set({ onEmpty: "fallback" })} /> use a fallback
        </label>
      </div>
      {m.onEmpty === "fallback" &&
        (usedColumns.length > 0 ? (
          <div className="grid gap-2 sm:grid-cols-3">
            {usedColumns.map((p) => (
              <div key={p}>
                <Label htmlFor={`edit-fb-${p}`}>{`Fallback for {{${p}}}`}</Label>
                <Input id={`edit-fb-${p}`} value={m.fallbacks[p] ?? ""} onChange={(e) => set({ fallbacks: { ...m.fallbacks, [p]: e.target.value } })} />
              </div>
            ))}
            <p className="text-xs text-slate-500 sm:col-span-3">A placeholder left without a fallback still skips the recipient when its value is empty.</p>
          </div>
        ) : (
          <p className="text-xs text-slate-500">The template uses no column placeholders, so there is nothing to fall back on.</p>
        ))}

      <div className="rounded border border-slate-200 p-3 text-sm" data-testid="live-preview">
        <p className="text-xs text-slate-500">
          {recipient ? `Live preview as ${recipient.email} will get it${changed ? " (not saved yet)" : ""}` : "No recipients to preview."}
        </p>
        {!check.ok ? (
          <ul className="mt-2 list-inside list-disc text-amber-800" data-testid="template-problems">
            {check.errors.map((e, i) => (
              <li key={i}>
                {FIELD_LABELS[e.part === "text" ? "textBody" : e.part === "html" ? "htmlBody" : "subject"]}: {e.message}
              </li>
            ))}
          </ul>
        ) : (
          preview && <RenderedMessage result={preview} />
        )}
      </div>

      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending || !changed}>
          {pending ? "Saving…" : "Save message"}
        </Button>
        {changed && !pending && (
          <Button type="button" variant="ghost" onClick={() => (setM(saved), setFeedback(null))}>
            Discard changes
          </Button>
        )}
        {changed && !pending && <span className="text-xs text-slate-500">Unsaved: the message preview below and the test send use the saved message until you save.</span>}
      </div>
      {feedback && (
        <p role={feedback.ok ? "status" : "alert"} data-testid="edit-message-feedback" className={`text-sm ${feedback.ok ? "text-green-700" : "rounded-md bg-red-50 px-3 py-2 text-red-800"}`}>
          {feedback.text}
        </p>
      )}
    </form>
  );
}
