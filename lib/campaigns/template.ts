// Campaign templates: subject + plain-text and/or HTML body with {{placeholders}}.
//
// Syntax
//   {{ name }}                   value of the recipient's `name` field (keys are case-insensitive)
//   {{ company | your company }} inline fallback used when the value is empty
//   {{unsubscribe_url}}          system placeholder: the recipient's signed unsubscribe link
// Keys are the placeholder keys produced by the recipient import (letters, digits, underscore).
// A literal "{{" can be written as "\{{".
//
// Empty values: onEmpty "skip" → the recipient is skipped (unless the placeholder has an inline
// fallback); onEmpty "fallback" → inline fallback, then the campaign's fallbacks map; a placeholder
// with no value and no fallback anywhere skips the recipient — nothing is ever sent with a silent hole.

export interface CampaignTemplate {
  subject: string;
  text?: string;
  html?: string;
}

export type TemplatePart = "subject" | "text" | "html";

/** Placeholders filled by the sender, not by recipient columns. */
export const SYSTEM_PLACEHOLDERS = ["unsubscribe_url"] as const;
export type SystemPlaceholder = (typeof SYSTEM_PLACEHOLDERS)[number];

export interface TemplateIssue {
  part: TemplatePart;
  /** 0-based character offset in that part. */
  index: number;
  message: string;
  placeholder?: string;
}

export class TemplateError extends Error {
  override name = "TemplateError";
  constructor(readonly issues: TemplateIssue[]) {
    super(issues.map((i) => `${i.part}: ${i.message}`).join("; "));
  }
}

type Segment = { kind: "literal"; text: string } | { kind: "placeholder"; key: string; raw: string; fallback?: string; index: number };

export interface CompiledTemplate {
  readonly compiled: true;
  readonly parts: Partial<Record<TemplatePart, Segment[]>>;
  /** Distinct placeholder keys in order of first use. */
  readonly placeholders: string[];
  /** Whether a body links the unsubscribe page itself (otherwise the renderer appends a footer). */
  readonly hasUnsubscribePlaceholder: { text: boolean; html: boolean };
}

const KEY = /^[\p{L}\p{N}_]+$/u;

export function normalizeKey(key: string): string {
  return key.trim().toLowerCase();
}

function parsePart(part: TemplatePart, src: string, issues: TemplateIssue[]): Segment[] {
  const segs: Segment[] = [];
  let lit = "";
  let i = 0;
  while (i < src.length) {
    if (src.startsWith("\\{{", i)) {
      lit += "{{";
      i += 3;
      continue;
    }
    if (src.startsWith("{{", i)) {
      const close = src.indexOf("}}", i + 2);
      const nextOpen = src.indexOf("{{", i + 2);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        issues.push({ part, index: i, message: `unclosed "{{" at character ${i + 1}` });
        lit += src.slice(i, i + 2);
        i += 2;
        continue;
      }
      const inner = src.slice(i + 2, close);
      const bar = inner.indexOf("|");
      const rawKey = bar >= 0 ? inner.slice(0, bar) : inner;
      const key = normalizeKey(rawKey);
      const raw = src.slice(i, close + 2);
      if (!key) {
        issues.push({ part, index: i, message: `empty placeholder ${raw} at character ${i + 1}` });
      } else if (!KEY.test(key)) {
        issues.push({
          part,
          index: i,
          placeholder: key,
          message: `placeholder ${raw} at character ${i + 1} has an invalid name (use letters, digits and _)`,
        });
      } else {
        if (lit) segs.push({ kind: "literal", text: lit });
        lit = "";
        const fallback = bar >= 0 ? inner.slice(bar + 1).trim() : undefined;
        segs.push({ kind: "placeholder", key, raw, fallback, index: i });
      }
      i = close + 2;
      continue;
    }
    lit += src[i];
    i++;
  }
  if (lit) segs.push({ kind: "literal", text: lit });
  return segs;
}

/** Parses a template; throws TemplateError listing every syntax problem. */
export function compileTemplate(template: CampaignTemplate): CompiledTemplate {
  const issues: TemplateIssue[] = [];
  const parts: Partial<Record<TemplatePart, Segment[]>> = {};
  const placeholders: string[] = [];
  const seen = new Set<string>();
  if (template.text === undefined && template.html === undefined) {
    issues.push({ part: "text", index: 0, message: "the template needs a plain-text or an HTML body" });
  }
  if (!template.subject.trim()) issues.push({ part: "subject", index: 0, message: "the subject is empty" });
  if (/[\r\n]/.test(template.subject)) {
    issues.push({ part: "subject", index: template.subject.search(/[\r\n]/), message: "the subject must be one line" });
  }
  for (const part of ["subject", "text", "html"] as const) {
    const src = template[part];
    if (src === undefined) continue;
    const segs = parsePart(part, src, issues);
    parts[part] = segs;
    for (const s of segs) {
      if (s.kind === "placeholder" && !seen.has(s.key)) {
        seen.add(s.key);
        placeholders.push(s.key);
      }
    }
  }
  if (issues.length) throw new TemplateError(issues);
  const uses = (p: TemplatePart) => !!parts[p]?.some((s) => s.kind === "placeholder" && s.key === "unsubscribe_url");
  return { compiled: true, parts, placeholders, hasUnsubscribePlaceholder: { text: uses("text"), html: uses("html") } };
}

export interface TemplateCheck {
  ok: boolean;
  /** Syntax problems and unknown placeholders. Sending must be refused while this is non-empty. */
  errors: TemplateIssue[];
  /** Placeholder keys used (normalized). */
  placeholders: string[];
  /** Placeholder keys that are neither columns nor system placeholders. */
  unknown: string[];
}

/**
 * Checks a template against the available placeholder columns (e.g. `ImportResult.columns`).
 * Unknown placeholders are errors, each listed with the part and position where it appears.
 */
export function checkTemplate(template: CampaignTemplate, columns: readonly string[]): TemplateCheck {
  let compiled: CompiledTemplate;
  try {
    compiled = compileTemplate(template);
  } catch (e) {
    if (e instanceof TemplateError) return { ok: false, errors: e.issues, placeholders: [], unknown: [] };
    throw e;
  }
  const known = new Set([...columns.map(normalizeKey), ...SYSTEM_PLACEHOLDERS]);
  const errors: TemplateIssue[] = [];
  const unknown: string[] = [];
  for (const part of ["subject", "text", "html"] as const) {
    for (const s of compiled.parts[part] ?? []) {
      if (s.kind !== "placeholder" || known.has(s.key)) continue;
      if (!unknown.includes(s.key)) unknown.push(s.key);
      errors.push({
        part,
        index: s.index,
        placeholder: s.key,
        message: `unknown placeholder {{${s.key}}} — not a column of the recipient list`,
      });
    }
  }
  if (compiled.parts.subject?.some((s) => s.kind === "placeholder" && s.key === "unsubscribe_url")) {
    errors.push({ part: "subject", index: 0, placeholder: "unsubscribe_url", message: "{{unsubscribe_url}} cannot be used in the subject" });
  }
  return { ok: errors.length === 0, errors, placeholders: compiled.placeholders, unknown };
}

export interface RenderOptions {
  onEmpty: "skip" | "fallback";
  /** Campaign-level fallbacks per placeholder key (used when onEmpty is "fallback"). */
  fallbacks?: Record<string, string>;
  /** The recipient's signed unsubscribe URL; fills {{unsubscribe_url}} and the automatic footer. */
  unsubscribeUrl?: string;
  /** Append an unsubscribe footer to bodies that do not contain {{unsubscribe_url}}. Default true when unsubscribeUrl is set. */
  appendUnsubscribeFooter?: boolean;
  /** Footer wording; "{url}" is replaced. Default "To stop receiving these emails: {url}". */
  footerText?: string;
}

export interface RenderedMessage {
  subject: string;
  text?: string;
  html?: string;
}

export type RenderResult =
  | { ok: true; message: RenderedMessage }
  | { ok: false; reason: string; missing: string[] };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

const DEFAULT_FOOTER = "To stop receiving these emails: {url}";

/**
 * Renders subject/text/html for one recipient. `fields` are the recipient's placeholder values
 * (`ImportedRecipient.fields`). Values are HTML-escaped in the HTML body, collapsed to one line in the
 * subject and inserted as-is in the text body.
 */
export function renderForRecipient(
  template: CampaignTemplate | CompiledTemplate,
  fields: Readonly<Record<string, string | undefined>>,
  options: RenderOptions,
): RenderResult {
  const compiled = "compiled" in template ? template : compileTemplate(template);
  const missing: string[] = [];
  const lookup = (s: Extract<Segment, { kind: "placeholder" }>): string | undefined => {
    if (s.key === "unsubscribe_url") return options.unsubscribeUrl;
    const v = fields[s.key];
    if (v !== undefined && v.trim() !== "") return v;
    if (s.fallback !== undefined && s.fallback !== "") return s.fallback;
    // an empty campaign fallback counts as none: the recipient is skipped rather than sent a hole
    if (options.onEmpty === "fallback" && options.fallbacks?.[s.key]?.trim()) {
      return options.fallbacks[s.key];
    }
    return undefined;
  };
  const renderPart = (part: TemplatePart): string | undefined => {
    const segs = compiled.parts[part];
    if (!segs) return undefined;
    let out = "";
    for (const s of segs) {
      if (s.kind === "literal") {
        out += s.text;
        continue;
      }
      const v = lookup(s);
      if (v === undefined) {
        if (!missing.includes(s.key)) missing.push(s.key);
        continue;
      }
      out += part === "html" ? escapeHtml(v) : part === "subject" ? v.replace(/\s*[\r\n]+\s*/g, " ") : v;
    }
    return out;
  };
  const subject = renderPart("subject") ?? "";
  let text = renderPart("text");
  let html = renderPart("html");
  if (missing.length) {
    const which = missing.map((k) => `{{${k}}}`).join(", ");
    const reason =
      missing.includes("unsubscribe_url") && !options.unsubscribeUrl
        ? "no unsubscribe link was provided for {{unsubscribe_url}}"
        : options.onEmpty === "skip"
          ? `empty value for ${which}`
          : `empty value and no fallback for ${which}`;
    return { ok: false, reason, missing };
  }
  if (options.unsubscribeUrl && options.appendUnsubscribeFooter !== false) {
    const footer = options.footerText ?? DEFAULT_FOOTER;
    if (text !== undefined && !compiled.hasUnsubscribePlaceholder.text) {
      text = `${text.replace(/\s+$/, "")}\n\n--\n${footer.split("{url}").join(options.unsubscribeUrl)}\n`;
    }
    if (html !== undefined && !compiled.hasUnsubscribePlaceholder.html) {
      const link = `<a href="${escapeHtml(options.unsubscribeUrl)}">${escapeHtml(options.unsubscribeUrl)}</a>`;
      const [before, after = ""] = footer.split("{url}");
      const block = `<p style="font-size:12px;color:#666">${escapeHtml(before)}${link}${escapeHtml(after)}</p>`;
      html = /<\/body>/i.test(html) ? html.replace(/<\/body>/i, (m) => `${block}${m}`) : `${html}\n${block}`;
    }
  }
  return { ok: true, message: { subject, text, html } };
}

export interface RenderSummary {
  renderable: number;
  /** Recipients that would be skipped, with the reason, in list order. */
  skipped: { index: number; reason: string; missing: string[] }[];
  /** How many recipients lack a value for each placeholder (after fallbacks). */
  missingByPlaceholder: Record<string, number>;
}

/** Dry-run of a template over a whole list, for the preview before sending ("12 recipients have no {{company}}"). */
export function summarizeRender(
  template: CampaignTemplate | CompiledTemplate,
  recipients: readonly { fields: Readonly<Record<string, string | undefined>> }[],
  options: RenderOptions,
): RenderSummary {
  const compiled = "compiled" in template ? template : compileTemplate(template);
  const summary: RenderSummary = { renderable: 0, skipped: [], missingByPlaceholder: {} };
  // A placeholder link stands in for the per-recipient unsubscribe URL, which is signed at send time.
  const opts = { ...options, unsubscribeUrl: options.unsubscribeUrl ?? "https://example.invalid/u/preview" };
  recipients.forEach((r, index) => {
    const res = renderForRecipient(compiled, r.fields, opts);
    if (res.ok) {
      summary.renderable++;
      return;
    }
    summary.skipped.push({ index, reason: res.reason, missing: res.missing });
    for (const k of res.missing) summary.missingByPlaceholder[k] = (summary.missingByPlaceholder[k] ?? 0) + 1;
  });
  return summary;
}
