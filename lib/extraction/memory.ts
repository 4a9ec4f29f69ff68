// Vendor memory: learn from one correction where a field sits on a vendor's invoices (its label and position),
// then read that field the same way on the vendor's next invoices. A learned template, not a hand-written one.

import { foldKeep, pageLines, type Line, type Segment } from "./layout";
import { detectLocale, findAmounts, findDates, parseAmount, parseDate, toMoney } from "./parse";
import type { ExtractedInvoice, HeaderField, PdfPage } from "./types";

export const LEARNABLE_FIELDS = ["invoiceNumber", "issueDate", "dueDate", "vendorName", "billToName", "subtotal", "taxAmount", "total"] as const;
export type LearnableField = (typeof LEARNABLE_FIELDS)[number];

export interface FieldMemory {
  field: LearnableField;
  /** Folded label text next to the value; null → the value is found by position alone. */
  label: string | null;
  relation: "right" | "below" | "position";
  page: number;
  /** Value box as fractions of the page, y from the top. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Shown beside the field: "learned from your correction of INV-7 on 2026-12-06". */
  note: string;
}

/** The vendor a memory set belongs to, recognised on a new document by its tax ID or its name in the text. */
export interface VendorMemories {
  vendorName: string;
  taxId: string | null;
  memories: FieldMemory[];
}

const AMOUNT_FIELDS = new Set<string>(["subtotal", "taxAmount", "total"]);
const DATE_FIELDS = new Set<string>(["issueDate", "dueDate"]);
const squash = (s: string) => foldKeep(s).replace(/[^a-z0-9]+/g, "");

/** Does this text carry the value of the field (in any of the ways it can be written)? */
function carries(field: string, text: string, value: string, decimal: "," | "."): boolean {
  if (AMOUNT_FIELDS.has(field)) return findAmounts(text, decimal).some((a) => Math.abs(Number(a.value)) === Math.abs(Number(value)));
  if (DATE_FIELDS.has(field)) return findDates(text, true).some((d) => d.iso === value) || findDates(text, false).some((d) => d.iso === value);
  const v = squash(value);
  return v.length > 0 && squash(text).includes(v);
}

/** The label of a value: text before it in its own segment, the segment to its left, or the one just above. */
function labelOf(lines: Line[], li: number, seg: Segment, valueText: string): { label: string; relation: "right" | "below" } | null {
  const own = seg.text.slice(0, Math.max(0, seg.text.indexOf(valueText))).replace(/[:#\s]+$/, "").trim();
  if (/[A-Za-zÀ-ÿ]{2}/.test(own)) return { label: foldKeep(own).trim(), relation: "right" };
  const line = lines[li];
  const clean = (t: string) => foldKeep(t).replace(/[:#\s]+$/, "").trim();
  const left = [...line.segments].reverse().find((s) => s.x2 <= seg.x + 2 && /[A-Za-zÀ-ÿ]{2}/.test(s.text));
  const prev = lines[li - 1];
  const above =
    prev && prev.page === line.page && line.y - prev.y < line.height * 2.5
      ? prev.segments.find((a) => a.x < seg.x2 && a.x2 > seg.x && /[A-Za-zÀ-ÿ]{2}/.test(a.text))
      : undefined;
  // A label right next to the value ("Belegnr.: 4711") wins; one in another column loses to a label set
  // directly above the value (a header over its value, as in key–value tables).
  const leftNear = left && seg.x - left.x2 < 40;
  if (left && (leftNear || !above || Math.abs(above.x - seg.x) > 8)) return { label: clean(left.text), relation: "right" };
  if (above) return { label: clean(above.text), relation: "below" };
  return null;
}

/** Learn where a corrected value is on the invoice's pages. Null when the page does not show it. */
export function learnField(pages: PdfPage[], span: { pageStart: number; pageEnd: number }, field: LearnableField, value: string, note: string): FieldMemory | null {
  const spanPages = pages.filter((p) => p.page >= span.pageStart && p.page <= span.pageEnd && p.hasText);
  const lines = spanPages.flatMap((p) => pageLines(p));
  const { decimal } = detectLocale(lines.map((l) => l.text).join("\n"));
  let fallback: FieldMemory | null = null;
  for (let li = 0; li < lines.length; li++) {
    for (const seg of lines[li].segments) {
      if (!carries(field, seg.text, value, decimal)) continue;
      const page = spanPages.find((p) => p.page === lines[li].page)!;
      const box = { page: page.page - span.pageStart + 1, x: seg.x / page.width, y: seg.y / page.height, width: (seg.x2 - seg.x) / page.width, height: seg.height / page.height };
      const valueText = AMOUNT_FIELDS.has(field) || DATE_FIELDS.has(field) ? seg.text.replace(/^.*?(?=[\d(−-][\d.,\s]*$|\d)/, "") : value;
      const label = labelOf(lines, li, seg, seg.text.includes(valueText) ? valueText : value);
      if (label) return { field, ...label, ...box, note };
      fallback ??= { field, label: null, relation: "position", ...box, note };
    }
  }
  // The vendor's name is remembered as the vendor itself (recognised on its next invoices by name or tax ID), even
  // when the page breaks it over lines.
  if (!fallback && field === "vendorName") return { field, label: null, relation: "position", page: 1, x: 0, y: 0, width: 0, height: 0, note };
  return fallback;
}

function parseAs(field: LearnableField, text: string, decimal: "," | ".", dayFirst: boolean): string | null {
  const t = text.replace(/^[\s:#.]+/, "").trim();
  if (!t) return null;
  if (AMOUNT_FIELDS.has(field)) {
    const a = findAmounts(t, decimal);
    return a.length ? toMoney(a[a.length - 1].value) : toMoney(parseAmount(t, decimal));
  }
  if (DATE_FIELDS.has(field)) return parseDate(t, dayFirst);
  if (field === "invoiceNumber") return /\d/.test(t) ? t.split(/\s{2,}|\s(?=[A-Za-z]{4,})/)[0].trim() : null;
  return t.length >= 2 ? t : null;
}

/** Read one remembered field from a new invoice of the same vendor: by its label, else by its position. */
export function readRemembered(pages: PdfPage[], span: { pageStart: number; pageEnd: number }, m: FieldMemory): string | null {
  const spanPages = pages.filter((p) => p.page >= span.pageStart && p.page <= span.pageEnd && p.hasText);
  const lines = spanPages.flatMap((p) => pageLines(p));
  const loc = detectLocale(lines.map((l) => l.text).join("\n"));
  if (m.label) {
    for (let li = 0; li < lines.length; li++) {
      const line = lines[li];
      for (const [si, seg] of line.segments.entries()) {
        const f = foldKeep(seg.text).trim();
        if (!f.startsWith(m.label)) continue;
        if (m.relation === "right") {
          const rest = seg.text.slice(m.label.length);
          const v = parseAs(m.field, rest, loc.decimal, loc.dayFirst) ?? (line.segments[si + 1] ? parseAs(m.field, line.segments[si + 1].text, loc.decimal, loc.dayFirst) : null);
          if (v) return v;
        } else {
          const next = lines[li + 1];
          const under = next?.page === line.page ? next.segments.find((s) => s.x < seg.x2 && s.x2 > seg.x) : undefined;
          const v = under ? parseAs(m.field, under.text, loc.decimal, loc.dayFirst) : null;
          if (v) return v;
        }
      }
    }
    // the label is not on this page: another layout of the same vendor — the remembered place says nothing here
    return null;
  }
  // By position: the segment that overlaps the remembered box most on the same page of the span.
  const page = spanPages.find((p) => p.page === span.pageStart + m.page - 1);
  if (!page) return null;
  const box = { x: m.x * page.width, y: m.y * page.height, x2: (m.x + m.width) * page.width, y2: (m.y + m.height) * page.height };
  let best: { seg: Segment; overlap: number } | null = null;
  for (const l of pageLines(page)) {
    for (const s of l.segments) {
      const ox = Math.min(s.x2, box.x2) - Math.max(s.x, box.x);
      const oy = Math.min(s.y + s.height, box.y2) - Math.max(s.y, box.y);
      if (ox > 0 && oy > 0 && (!best || ox * oy > best.overlap)) best = { seg: s, overlap: ox * oy };
    }
  }
  return best ? parseAs(m.field, best.seg.text, loc.decimal, loc.dayFirst) : null;
}

/** Which vendor's memories apply: its tax ID or its name appears in the document. */
export function memoriesFor(pages: PdfPage[], vendors: VendorMemories[]): VendorMemories | null {
  const text = squash(pages.flatMap((p) => pageLines(p)).map((l) => l.text).join(" "));
  return (
    vendors.find((v) => v.taxId && squash(v.taxId).length >= 6 && text.includes(squash(v.taxId))) ??
    vendors.find((v) => squash(v.vendorName).length >= 4 && text.includes(squash(v.vendorName))) ??
    null
  );
}

/** Apply a vendor's memories to an invoice read from the layout: learned fields are marked and explained. */
export function applyMemories(pages: PdfPage[], inv: ExtractedInvoice, vendor: VendorMemories): ExtractedInvoice {
  const out: ExtractedInvoice = { ...inv, confidence: { ...inv.confidence }, sources: { ...inv.sources }, learned: { ...inv.learned } };
  for (const m of vendor.memories) {
    if (out.sources?.[m.field] === "e-invoice") continue;
    // a value remembered by position alone only fills a gap; a remembered label overrides the layout reading
    if (m.relation === "position" && m.field !== "vendorName" && (inv as unknown as Record<string, unknown>)[m.field] != null) continue;
    const v = m.field === "vendorName" ? vendor.vendorName : readRemembered(pages, inv, m);
    if (v === null) continue;
    (out as unknown as Record<HeaderField, string | null>)[m.field] = v;
    out.confidence[m.field] = 0.97;
    out.sources![m.field] = "learned";
    out.learned![m.field] = m.note;
  }
  return out;
}

/** A vendor the workspace already knows (from earlier invoices). */
export interface KnownVendor {
  name: string;
  taxId: string | null;
}

/**
 * The seller's tax ID on the page belongs to a vendor the workspace already knows: take the known name (a layout
 * reading can cut or extend a name; the tax ID is exact).
 */
export function matchKnownVendor(inv: ExtractedInvoice, known: KnownVendor[]): ExtractedInvoice {
  if (!inv.vendorTaxId || inv.sources?.vendorName === "e-invoice" || inv.sources?.vendorName === "learned") return inv;
  const id = squash(inv.vendorTaxId);
  const hit = id.length >= 6 ? known.find((v) => v.taxId && squash(v.taxId) === id) : undefined;
  if (!hit) return inv;
  const same = inv.vendorName && squash(inv.vendorName) === squash(hit.name);
  return {
    ...inv,
    vendorName: hit.name,
    confidence: { ...inv.confidence, vendorName: Math.max(inv.confidence.vendorName ?? 0, same ? 0.97 : 0.95) },
    learned: same ? inv.learned : { ...inv.learned, vendorName: `known vendor with tax ID ${hit.taxId} (the page read "${inv.vendorName ?? "nothing"}")` },
  };
}
