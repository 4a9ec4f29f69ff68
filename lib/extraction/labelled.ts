// Label → value pairing by geometry: the rest of the label's segment, the segment to its right, or the one below it;
// and the acceptors that say what a field's value looks like.

import { LABELS } from "./labels";
import { foldKeep, type Line, type Segment } from "./layout";

export interface Found<T> {
  value: T;
  confidence: number;
  line: Line;
  seg: Segment;
}

export type Accept<T> = (text: string) => T | null;

const BARE_TITLE = /^(invoice|tax invoice|factura|rechnung|facture|credit note|credit memo|nota de credito|gutschrift|avoir)$/;

/** Values for a label: rest of the same segment, else the nearest segment to the right, else the segment below. */
export function findLabelled<T>(lines: Line[], re: RegExp, accept: Accept<T>, opts: { below?: boolean; stopAt?: (l: Line) => boolean } = {}): Found<T>[] {
  const out: Found<T>[] = [];
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li];
    if (opts.stopAt?.(line)) break;
    for (let si = 0; si < line.segments.length; si++) {
      const seg = line.segments[si];
      const folded = foldKeep(seg.text);
      const m = re.exec(folded);
      if (!m) continue;
      const labelPart = folded.slice(0, folded.length - m[1].length).trim().replace(/[:\s]+$/, "");
      const bareTitle = BARE_TITLE.test(labelPart);
      const rest = seg.text.slice(seg.text.length - m[1].length).replace(/^[\s:#.]+/, "").trim();
      if (rest) {
        const v = accept(rest);
        if (v !== null) {
          out.push({ value: v, confidence: bareTitle ? 0.85 : 0.95, line, seg });
          continue;
        }
        if (!bareTitle) continue;
      }
      const right = line.segments.slice(si + 1).find((s) => s.x >= seg.x2 - 1);
      if (right && !startsWithLabel(right.text)) {
        const v = accept(right.text);
        if (v !== null) {
          out.push({ value: v, confidence: bareTitle ? 0.8 : 0.93, line, seg: right });
          continue;
        }
      }
      if (bareTitle || opts.below === false) continue;
      for (let k = li + 1; k < Math.min(lines.length, li + 3); k++) {
        const next = lines[k];
        if (next.page !== line.page || next.y - (line.y + line.height) > line.height * 2.2) break;
        const under = next.segments.find((s) => s.x < seg.x2 + 30 && s.x2 > seg.x - 10 && Math.abs(s.x - seg.x) < 60);
        if (!under) continue;
        if (anyLabel(under.text)) break;
        const v = accept(under.text);
        if (v !== null) out.push({ value: v, confidence: 0.88, line: next, seg: under });
        break;
      }
    }
  }
  return out;
}

/** The text opens with a field label (with or without a value after it). */
function startsWithLabel(text: string): boolean {
  const f = foldKeep(text);
  return ALL_LABELS.some((re) => re.test(f));
}

export const ALL_LABELS = [LABELS.invoiceNumber, LABELS.dueDate, LABELS.issueDate, LABELS.billTo, LABELS.vendor, LABELS.subtotal, LABELS.tax, LABELS.total];
export function anyLabel(text: string): boolean {
  const f = foldKeep(text);
  return ALL_LABELS.some((re) => {
    const m = re.exec(f);
    return m !== null && m[1].trim() === "";
  });
}

// ---- field acceptors -------------------------------------------------------------------------------

export const acceptInvoiceNumber: Accept<string> = (text) => {
  const t = text.replace(/^(?:n[°ºo]\.?|n\.º|n\.|no\.?|nr\.?|num\.?|number|#|:)\s*/i, "").trim();
  const tok = t.split(/\s{2,}|\s(?=\S*[a-z]{4,})/i)[0]?.trim() ?? "";
  const id = tok.replace(/[,;]$/, "");
  if (!/^[A-Z0-9#][A-Z0-9\-/_.# ]{0,28}$/i.test(id) || !/\d/.test(id)) return null;
  if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(id) || /^\d{4}-\d{2}-\d{2}$/.test(id)) return null;
  // "FT 2024/57", "FA 12": a series code and its number
  if (/\s/.test(id) && !/^[A-Z]{1,4} \d[\d/.-]*$/i.test(id)) return id.split(" ")[0].length > 1 ? id.split(" ")[0] : null;
  return id.replace(/^#/, "");
};

export const acceptName: Accept<string> = (text) => {
  const t = text.replace(/^[\s:]+/, "").trim();
  if (t.length < 2 || !/[A-Za-zÀ-ÿ]{2}/.test(t) || anyLabel(t)) return null;
  if (/@|https?:|www\./i.test(t)) return null;
  return t;
};

