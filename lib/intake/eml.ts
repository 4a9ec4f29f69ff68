import { createHash } from "node:crypto";
import { simpleParser, type AddressObject, type Attachment } from "mailparser";
import addressparser from "nodemailer/lib/addressparser";
import { IntakeError, fileLabel, formatBytes } from "./errors";
import { detectFormat, formatInfo } from "./sniff";

/**
 * One normalized shape for every email that comes in: an uploaded .eml, a message fetched over IMAP or
 * from Microsoft Graph (both give raw MIME), or an email typed in by hand. Parsing is done by mailparser,
 * a real MIME parser (encodings, charsets, nested multiparts, forwarded messages).
 */

export interface EmailAddress {
  address: string;
  name: string;
}

export interface EmailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  size: number;
  /** Hex sha256 of the content: the per-workspace de-duplication key for the document it becomes. */
  sha256: string;
  /** True for images embedded in the body (signatures, logos) rather than attached by the sender. */
  inline: boolean;
}

export interface ParsedEmail {
  /** Message-ID with angle brackets. Generated from a content hash when the message has none. */
  messageId: string;
  /** True when `messageId` was generated here rather than read from the message. */
  messageIdGenerated: boolean;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  subject: string;
  /** ISO 8601, or null when the message carries no (valid) date. */
  date: string | null;
  text: string;
  html: string | null;
  attachments: EmailAttachment[];
}

export interface ParseEmlOptions {
  /** Largest accepted message, in bytes. Default 50 MB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_EML_BYTES = 50 * 1024 * 1024;

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex");

/** Parses a raw RFC 822 message. Throws IntakeError("eml_invalid") naming the file when it is not an email. */
export async function parseEml(raw: Uint8Array | string, filename: string, options: ParseEmlOptions = {}): Promise<ParsedEmail> {
  const label = fileLabel(filename);
  const buffer = typeof raw === "string" ? Buffer.from(raw, "utf8") : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_EML_BYTES;
  if (buffer.length === 0) throw new IntakeError("eml_invalid", `${label}: the email file is empty`, { filename });
  if (buffer.length > maxBytes) {
    throw new IntakeError(
      "too_large",
      `${label}: the email is ${formatBytes(buffer.length)}, larger than the ${formatBytes(maxBytes)} limit`,
      { filename },
    );
  }

  let mail;
  try {
    mail = await simpleParser(buffer, { skipImageLinks: true, skipTextToHtml: true });
  } catch (e) {
    throw new IntakeError("eml_invalid", `${label}: this email could not be read (${(e as Error).message})`, { filename, cause: e });
  }

  const from = firstAddress(mail.from);
  const hasHeaders = Boolean(from || mail.messageId || mail.date || mail.subject || mail.headers.has("received"));
  if (!hasHeaders) {
    throw new IntakeError(
      "eml_invalid",
      `${label}: this does not look like an email (no From, Subject, Date or Message-ID header); save the message from your mail program as .eml and upload that`,
      { filename },
    );
  }

  const text = mail.text ?? "";
  const html = mail.html === false ? null : mail.html;
  const attachments = mail.attachments.map((a, i) => normalizeAttachment(a, i));
  const header = mail.messageId?.trim();
  return {
    messageId: header ? withBrackets(header) : `<generated.${sha256(buffer).slice(0, 32)}@docket.local>`,
    messageIdGenerated: !header,
    from,
    to: addresses(mail.to),
    cc: addresses(mail.cc),
    subject: mail.subject ?? "",
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    text,
    html,
    attachments,
  };
}

function withBrackets(id: string): string {
  const bare = id.replace(/^<+/, "").replace(/>+$/, "");
  return `<${bare}>`;
}

function firstAddress(obj: AddressObject | undefined): EmailAddress | null {
  return addresses(obj)[0] ?? null;
}

function addresses(obj: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  if (!obj) return [];
  const list = Array.isArray(obj) ? obj : [obj];
  const out: EmailAddress[] = [];
  const visit = (entries: { address?: string; name: string; group?: { address?: string; name: string }[] }[]) => {
    for (const e of entries) {
      if (e.group) visit(e.group);
      else if (e.address) out.push({ address: e.address.toLowerCase(), name: e.name ?? "" });
    }
  };
  for (const o of list) visit(o.value);
  return out;
}

function normalizeAttachment(a: Attachment, index: number): EmailAttachment {
  const content = a.content;
  const contentType = (a.contentType || "application/octet-stream").toLowerCase();
  return {
    filename: a.filename?.trim() || defaultName(index, contentType, content),
    contentType,
    content,
    size: content.length,
    sha256: sha256(content),
    inline: a.contentDisposition === "inline" || (a.related === true && Boolean(a.cid)),
  };
}

function defaultName(index: number, contentType: string, content: Uint8Array): string {
  const known: Record<string, string> = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/tiff": "tiff",
    "application/zip": "zip",
    "message/rfc822": "eml",
    "text/csv": "csv",
  };
  const detected = detectFormat(content).format;
  const ext = known[contentType] ?? (detected ? formatInfo(detected).extension : "bin");
  return `attachment-${index + 1}.${ext}`;
}

export interface ManualEmailEntry {
  /** "billing@acme.example" or "Acme Billing <billing@acme.example>". */
  from: string;
  to?: string | string[];
  subject: string;
  body: string;
  /** When the email was received; not part of the identity (re-entering the same email is a duplicate). */
  date?: Date | string;
  attachments?: { filename: string; contentType?: string; content: Uint8Array }[];
}

const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

/**
 * Turns an email typed in by hand into the same shape as a parsed .eml. The Message-ID is derived from
 * a hash of sender, subject, body and attachment contents, so entering the same email twice produces
 * the same Message-ID and the second one is recognized as a duplicate.
 */
export function buildEmlFromManualEntry(entry: ManualEmailEntry): ParsedEmail {
  const bad = (message: string) => new IntakeError("manual_entry_invalid", `Manual email: ${message}`);

  const fromList = addressparser(entry.from ?? "", { flatten: true });
  if (fromList.length !== 1 || !ADDRESS.test(fromList[0].address)) {
    throw bad(`the From address "${(entry.from ?? "").trim()}" is not a valid email address`);
  }
  const from: EmailAddress = { address: fromList[0].address.toLowerCase(), name: fromList[0].name ?? "" };

  const toInput = Array.isArray(entry.to) ? entry.to.join(", ") : (entry.to ?? "");
  const to = addressparser(toInput, { flatten: true }).map((a) => ({ address: a.address.toLowerCase(), name: a.name ?? "" }));
  const invalidTo = to.find((a) => !ADDRESS.test(a.address));
  if (invalidTo) throw bad(`the To address "${invalidTo.address || invalidTo.name}" is not a valid email address`);

  const subject = (entry.subject ?? "").trim();
  const body = (entry.body ?? "").replace(/\r\n?/g, "\n").trim();
  const attachments = (entry.attachments ?? []).map((a, i) => {
    const name = a.filename?.trim();
    if (!name) throw bad(`attachment ${i + 1} has no file name`);
    if (!a.content || a.content.length === 0) throw bad(`the attachment "${name}" is empty (0 bytes)`);
    const content = Buffer.from(a.content.buffer, a.content.byteOffset, a.content.byteLength);
    const detected = detectFormat(content).format;
    return {
      filename: name,
      contentType: (a.contentType?.trim() || (detected ? formatInfo(detected).mime : "application/octet-stream")).toLowerCase(),
      content,
      size: content.length,
      sha256: sha256(content),
      inline: false,
    } satisfies EmailAttachment;
  });
  if (!subject && !body && attachments.length === 0) throw bad("enter a subject, a body or at least one attachment");

  let date: string | null = null;
  if (entry.date !== undefined) {
    const d = entry.date instanceof Date ? entry.date : new Date(entry.date);
    if (Number.isNaN(d.getTime())) throw bad(`the date "${String(entry.date)}" is not a valid date`);
    date = d.toISOString();
  }

  const identity = JSON.stringify([from.address, subject, body, attachments.map((a) => [a.filename, a.sha256])]);
  return {
    messageId: `<manual.${sha256(identity).slice(0, 32)}@docket.local>`,
    messageIdGenerated: true,
    from,
    to,
    cc: [],
    subject,
    date,
    text: body,
    html: null,
    attachments,
  };
}
