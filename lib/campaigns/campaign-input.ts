import { UserError } from "@/lib/errors";
import { checkTemplate } from "./template";

// Checks of what a person submits for a campaign, with messages that say what to fix.

/** Per-file and total limits for campaign attachments (Gmail's 25 MB applies after base64, ~18 MB raw). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_TOTAL_ATTACHMENT_BYTES = 18 * 1024 * 1024;
/** The largest recipient list accepted. */
export const MAX_LIST_BYTES = 20 * 1024 * 1024;

export interface TemplateInput {
  subject: string;
  textBody?: string;
  htmlBody?: string;
  onEmpty: "skip" | "fallback";
  fallbacks: Record<string, string>;
}

/**
 * The message as a campaign stores it, once checked: a body exists and every placeholder names a column of the
 * list. A blank body part is stored as none.
 */
export function checkedTemplate(t: TemplateInput, columns: readonly string[]) {
  if (!t.textBody?.trim() && !t.htmlBody?.trim()) throw new UserError("Write the message body (plain text, HTML or both).");
  const check = checkTemplate({ subject: t.subject, text: t.textBody || undefined, html: t.htmlBody || undefined }, columns);
  if (!check.ok) throw new UserError(`Fix the template before saving: ${check.errors.map((e) => `${e.part}: ${e.message}`).join("; ")}`);
  return {
    subject: t.subject,
    textBody: t.textBody?.trim() ? t.textBody : null,
    htmlBody: t.htmlBody?.trim() ? t.htmlBody : null,
    onEmpty: t.onEmpty,
    fallbacks: t.fallbacks,
  };
}

export function assertAttachments(list: { filename: string; content: Uint8Array }[]) {
  let total = 0;
  for (const a of list) {
    if (a.content.length === 0) throw new UserError(`${a.filename} is empty.`);
    if (a.content.length > MAX_ATTACHMENT_BYTES) throw new UserError(`${a.filename} is larger than 10 MB; attach a smaller file or a link.`);
    total += a.content.length;
  }
  if (total > MAX_TOTAL_ATTACHMENT_BYTES) throw new UserError("Attachments exceed 18 MB in total (Gmail's 25 MB limit after encoding).");
}
