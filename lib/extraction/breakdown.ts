// The tax breakdown table: one row per rate under heads naming the taxable base and the tax ("Basisbetrag | USt. % |
// Steuerbetrag", "Base HT | Taux | Montant TVA", "Taxable amount | Rate | VAT"), often with the allowances and charges
// of that rate in a column of their own ("Zu-/Abschlag", "Remise", "Frais"). The bases add up to the invoice's net and
// the taxes to its tax, whether or not the page prints their sums.

import { foldKeep, type Line, type Segment } from "./layout";
import { findAmounts, type DocLocale } from "./parse";

const TAX_HEAD = /^(steuerbetrag|steuer|ust\.?-?betrag|mwst\.?-?betrag|umsatzsteuer|montant (de la )?tva|tva|total tva|tax|tax amount|vat|vat amount|importe iva|cuota( iva)?|iva|btw|btw-bedrag|bedrag btw|imposta|importo iva|valor (do )?iva)$/;
const BASE_HEAD = /^(basisbetrag|bemessungsgrundlage|steuerbasis|nettobetrag|netto|base|base ht|base imposable|montant ht|total ht|taxable( amount| value)?|net amount|net|base imponible|imponibile|grondslag|bedrag excl\.? btw|excl\.? btw|base tributavel|incidencia|base de incidencia)$/;

const ALLOWANCE_HEAD = /\b(zu-?\s?\/?\s?abschlag|abschlag|zuschlag|rabatt|nachlass|remise|frais|discount|allowances?|charges?|sconto|korting|descuento|desconto)\b/;

const head = (s: Segment) => foldKeep(s.text).replace(/\(\s*(?:[a-z]{3}|€)\s*\)|[€:]/g, " ").replace(/\s+/g, " ").trim();

export interface RateBreakdown {
  net: number;
  tax: number;
  rows: number;
  order: number;
}

/** Sums of the bases and taxes of every tax breakdown table in the lines (the last table wins). */
export function rateBreakdown(lines: Line[], loc: DocLocale, skip: Set<Line> = new Set()): RateBreakdown | null {
  let out: RateBreakdown | null = null;
  lines.forEach((line, i) => {
    if (skip.has(line)) return;
    const taxHead = line.segments.find((s) => TAX_HEAD.test(head(s)));
    const baseHead = line.segments.find((s) => s !== taxHead && BASE_HEAD.test(head(s)) && s.x < (taxHead?.x ?? 0));
    if (!taxHead || !baseHead || findAmounts(line.text, loc.decimal).length) return;
    const at = (seg: Segment, h: Segment) => Math.min(seg.x2, h.x2 + 25) - Math.max(seg.x, h.x - 25) > 0;
    // an allowance column right of the base: the base is before it ("Base HT | Remise | TVA"), so the net adds it in
    const allowanceHead = line.segments.find((s) => s.x > baseHead.x2 && s !== taxHead && ALLOWANCE_HEAD.test(head(s)));
    let net = 0;
    let tax = 0;
    let rows = 0;
    for (let k = i + 1; k < Math.min(lines.length, i + 10); k++) {
      const row = lines[k];
      if (row.page !== line.page || row.y - lines[k - 1].y > row.height * 3) break;
      const money = (h: Segment) => {
        const cells = row.segments.filter((s) => at(s, h) && !/%/.test(s.text));
        const a = cells.flatMap((s) => findAmounts(s.text, loc.decimal));
        return a.length === 1 ? Number(a[0].value) : null;
      };
      const b = money(baseHead);
      const t = money(taxHead);
      if (b === null || t === null) {
        if (findAmounts(row.text, loc.decimal).length) break;
        continue;
      }
      net += b + (allowanceHead ? (money(allowanceHead) ?? 0) : 0);
      tax += t;
      rows++;
    }
    if (rows) out = { net: Math.round(net * 100) / 100, tax: Math.round(tax * 100) / 100, rows, order: i };
  });
  return out;
}
