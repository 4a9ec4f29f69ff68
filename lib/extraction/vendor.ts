// The seller and the buyer's block: seller-labelled block, sender line, legal-form name, letterhead; never the buyer.

import { LABELS, TITLES } from "./labels";
import { anyLabel, ALL_LABELS, findLabelled, acceptName, type Found } from "./labelled";
import { closeLetterSpacing, foldKeep, type Line, type Segment } from "./layout";
import { COMPANY_FORM_END, companyFormName, nameMatchesDomain, pageDomains, sellerBlockName, senderLine } from "./parties";
import { findDates, findTaxIds } from "./parse";

// ---- vendor ---------------------------------------------------------------------------------------

const COMPANY_SUFFIX = /\b(inc|llc|ltd|limited|corp|corporation|co|company|gmbh|ag|kg|ug|ohg|e\.k|sa|sas|sarl|sasu|eurl|s\.a|s\.a\.s|s\.a\.r\.l|s\.a\. de c\.v|s\. de r\.l|sa de cv|pvt|llp|plc|bv|oy|ab)\.?$/i;
const NOT_NAME = /@|https?:|www\.|\b(tel|phone|fax|email|e-mail|telefono|telefon|rfc|gstin|vat|ust|tva|siret|siren|pan|iban|swift|bic|page|pagina|seite)\b/i;

function looksLikeAddress(t: string): boolean {
  return /\d/.test(t) && (/\b(st|street|ave|avenue|road|rd|blvd|suite|calle|av\.|col\.|colonia|cp|c\.p\.|strasse|straße|str\.|weg|platz|rue|avenue|bd|boulevard|floor|plot|nagar|marg|sector)\b/i.test(t) || /\b\d{5,6}\b/.test(t));
}

function findVendor(lines: Line[], billToLines: Set<Line>, pageHeight: number) {
  const labelled = findLabelled(lines, LABELS.vendor, acceptName);
  if (labelled.length) return { ...labelled[0], confidence: 0.92 };
  const first = lines.filter((l) => l.page === lines[0]?.page && l.y < pageHeight * 0.4 && !billToLines.has(l));
  const heights = first.map((l) => l.height).sort((a, b) => a - b);
  const median = heights[Math.floor(heights.length / 2)] ?? 10;
  let best: { seg: Segment; line: Line; score: number } | null = null;
  for (const line of first) {
    for (const seg of line.segments) {
      const t = seg.text.trim();
      const f = foldKeep(t);
      if (t.length < 3 || !/[A-Za-zÀ-ÿ]{3}/.test(t)) continue;
      if (anyLabel(t) || ALL_LABELS.some((re) => re.test(f)) || /^(invoice|tax invoice|factura|rechnung|facture|credit|nota|gutschrift|avoir)\b/.test(f)) continue;
      // a document title ("NOTE D'HONORAIRES", "I N V O I C E") is not the seller
      const closed = foldKeep(closeLetterSpacing(t));
      if (closed.split(/\s+/).length <= 4 && TITLES.some((x) => x.re.test(closed))) continue;
      if (NOT_NAME.test(t) || looksLikeAddress(t) || findDates(t).length || /^\d/.test(t)) continue;
      let score = 0;
      if (COMPANY_SUFFIX.test(t.replace(/[,.]+$/, ""))) score += 3;
      score += Math.min(3, (seg.height / median - 1) * 3);
      score += 1 - line.y / (pageHeight * 0.4);
      if (/^[A-Z0-9 &.,'-]+$/.test(t) && t.length > 4) score += 0.3;
      if (!best || score > best.score) best = { seg, line, score };
    }
  }
  if (!best) return null;
  return { value: best.seg.text.trim(), confidence: best.score >= 3 ? 0.85 : best.score >= 1.5 ? 0.7 : 0.5, line: best.line, seg: best.seg };
}

/** The seller, never the buyer: seller-labelled block, sender line, vendor label, company with legal form, letterhead. */
export function pickVendor(lines: Line[], buyerLines: Set<Line>, pageHeight: number): { value: string; confidence: number; line: Line; seg: Segment } | null {
  const own = lines.filter((l) => !buyerLines.has(l));
  const segOf = (line: Line, value: string) => line.segments.find((s) => s.text.includes(value)) ?? line.segments[0];
  const block = sellerBlockName(lines);
  const sender = senderLine(own, pageHeight);
  const company = companyFormName(own, buyerLines, pageHeight);
  const legacy = findVendor(own, buyerLines, pageHeight);
  const same = (a: string | undefined, b: string | undefined) => !!a && !!b && foldKeep(a).replace(/\W+/g, "") === foldKeep(b).replace(/\W+/g, "");
  // A second place on the page names the same seller: the company with its legal form found elsewhere, or the
  // issuer's own web or mail domain ("MUSTER-Autovermietung" ~ muster-autovermietung.de). Whichever two agree, the
  // name is as sure; one place alone is not.
  const domains = pageDomains(lines);
  const seconded = (v: string) => same(v, company?.value) || domains.some((d) => nameMatchesDomain(v, d));
  const agreed = (c: number, v: string) => (seconded(v) ? Math.max(c, 0.96) : c);
  for (const p of [block, sender]) {
    if (p) return { value: p.value, confidence: agreed(p.confidence, p.value), line: p.line, seg: segOf(p.line, p.value) };
  }
  if (legacy && legacy.confidence >= 0.9) return { ...legacy, confidence: agreed(legacy.confidence, legacy.value) };
  // A letterhead name broken over two lines ("MVM Musterhafter" / "Versicherungsverein Musterstadt a.G."): the
  // line below in the same column and size that ends in the legal form completes it.
  if (legacy && !COMPANY_FORM_END.test(legacy.value)) {
    const next = lines[lines.indexOf(legacy.line) + 1];
    const cont = next?.segments.find((s) => Math.abs(s.x - legacy.seg.x) < 4 && Math.abs(s.height - legacy.seg.height) < 1.5);
    if (next && cont && next.y - legacy.line.y < legacy.line.height * 1.8 && COMPANY_FORM_END.test(cont.text.trim()) && !/\d/.test(cont.text)) {
      return { ...legacy, value: `${legacy.value} ${cont.text.trim()}`, confidence: Math.max(legacy.confidence, 0.8) };
    }
  }
  if (company && (!legacy || !same(legacy.value, company.value))) {
    return { value: company.value, confidence: company.confidence, line: company.line, seg: segOf(company.line, company.value) };
  }
  if (!legacy) return null;
  // The letterhead is one place; the same name again on another line of the seller's (a legal footer, "Thank you for
  // your order, Acme Ltd") or the issuer's own domain is the second.
  const key = foldKeep(legacy.value).replace(/\W+/g, "");
  const again = key.length >= 4 && own.some((l) => l !== legacy.line && foldKeep(l.text).replace(/\W+/g, "").includes(key));
  return again || domains.some((d) => nameMatchesDomain(legacy.value, d)) ? { ...legacy, confidence: Math.max(legacy.confidence, 0.96) } : legacy;
}

/** Address lines under the vendor's name, in the same column. */
export function addressBelow(lines: Line[], anchor: { line: Line; seg: Segment }): string | null {
  const start = lines.indexOf(anchor.line);
  const parts: string[] = [];
  let lastY = anchor.line.y;
  for (let k = start + 1; k < lines.length && parts.length < 3; k++) {
    const l = lines[k];
    if (l.page !== anchor.line.page || l.y - lastY > l.height * 2.6) break;
    const s = l.segments.find((x) => Math.abs(x.x - anchor.seg.x) < 12);
    if (!s) continue;
    if (anyLabel(s.text) || NOT_NAME.test(s.text) || findTaxIds(s.text).length) break;
    parts.push(s.text.trim());
    lastY = l.y;
  }
  return parts.length ? parts.join(", ") : null;
}

/** Lines of the bill-to block (label line and up to four lines below it in that column). */
export function billToBlock(lines: Line[], label: Found<string> | undefined): Set<Line> {
  const set = new Set<Line>();
  if (!label) return set;
  const li = lines.findIndex((l) => l.segments.some((s) => LABELS.billTo.test(foldKeep(s.text))) && l.page === label.line.page && l.y <= label.line.y);
  const labelLine = li >= 0 ? lines[li] : label.line;
  const labelSeg = labelLine.segments.find((s) => LABELS.billTo.test(foldKeep(s.text))) ?? label.seg;
  set.add(labelLine);
  const start = lines.indexOf(labelLine);
  for (let k = start + 1; k < Math.min(lines.length, start + 6); k++) {
    const l = lines[k];
    if (l.page !== labelLine.page) break;
    if (l.segments.some((s) => Math.abs(s.x - labelSeg.x) < 15)) set.add(l);
  }
  return set;
}

