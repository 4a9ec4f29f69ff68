// Layout conventions of real invoices that the label → value reader alone misses, each a general rule:
// - the title line carries number and date ("Rechnung Nr. 42 vom 31.01.2014", "Invoice # A-7 issued at 2024-01-02");
// - the summary block: label + amount per line, chosen by arithmetic (net + tax = gross), in en/de/fr/es/nl/it/pt;
// - the payment terms' due date ("zahlbar bis 04.07.2018").
// The parties (seller and buyer blocks) are read in ./parties.

import { rateBreakdown } from "./breakdown";
import { INVOICE_TITLE_FAMILIES, rejoinBrokenWord, TAX_NOT_CHARGED } from "./labels";
import { foldKeep, type Line } from "./layout";
import { findAmounts, findDates, type DocLocale } from "./parse";

// ---- title line: number and date -------------------------------------------------------------------------

const TITLE_WORD = "(?:[a-z]*rechnung|rechnungskorrektur|gutschrift|tax invoice|invoice|credit note|facture|avoir|factura|factuur|creditnota|fattura|nota di credito|fatura|nota de credito)";
const NO_WORD = "(?:nr|no|n°|nº|n\\.º|n|#|number|nummer|numero|num)";
const DATE_WORD = "(?:vom|von|du|dated|of|issued at|issued on|issued|del|de|van|d\\.d\\.|em|emitida em)";
// up to three words may precede the title ("Ihre Rechnung Nr.", "Buchungshilfe - keine Rechnung Nr.")
const TITLE_NUMBER = new RegExp(`^(?:[a-z-]+\\s+){0,3}${TITLE_WORD}(?:\\s*\\(\\d{3}\\))?\\s*${NO_WORD}?\\.?\\s*[:#]?\\s*([a-z0-9][a-z0-9\\-/._]*)(?:\\s+${DATE_WORD}(?:\\s+(.+))?)?$`);
// "Gutschrift (Selbst ausgestellte Rechnung) (389) Nr. 471102 vom …", "Rechnung des Versicherers (575) Nr. …": words
// between the title and its number, which then needs its number word.
const TITLE_NUMBER_LONG = new RegExp(`^(?:[a-z]+\\s+)?${TITLE_WORD}\\b[^:]{0,60}?\\s(?:nr|no|n°|nº|#|number|nummer|numero)\\.?\\s*[:#]?\\s*([a-z0-9][a-z0-9\\-/._]*)(?:\\s+${DATE_WORD}(?:\\s+(.+))?)?$`);

export interface TitleNumber {
  number: string;
  date: string | null;
  line: Line;
}

/** "Handelsrechnung (380) Nr. 471102 vom 05.06.2018" near the top of the first page → number and date. */
export function titleNumber(lines: Line[], loc: DocLocale): TitleNumber | null {
  const first = lines[0]?.page;
  for (const line of lines) {
    if (line.page !== first || line.index > 30) break;
    // (a title word broken by a stray space, "Rechnungskor rektur Nr. 7", is read whole)
    for (const text of [line.text, ...line.segments.map((s) => s.text)].map((t) => rejoinBrokenWord(t, INVOICE_TITLE_FAMILIES))) {
      const folded = foldKeep(text).replace(/\s+/g, " ");
      const m = TITLE_NUMBER.exec(folded.trim()) ?? TITLE_NUMBER_LONG.exec(folded.trim());
      if (!m || !/\d/.test(m[1])) continue;
      const start = folded.trim().lastIndexOf(m[1], folded.trim().length - (m[2]?.length ?? 0));
      const number = text.replace(/\s+/g, " ").trim().slice(start, start + m[1].length).replace(/[.,;:]$/, "");
      if (findDates(number, loc.dayFirst).length || /^\d{1,2}[./]\d{1,2}[./]?$/.test(number)) continue;
      // "… Nr. 4711 vom" with the date wrapped onto the next line
      const next = lines[lines.indexOf(line) + 1];
      const dateText = m[2] ?? (/\s(vom|von|du|dated|del|de|van|of)$/.test(folded.trim()) && next ? next.text : "");
      const date = dateText ? findDates(dateText, loc.dayFirst)[0]?.iso ?? null : null;
      return { number, date, line };
    }
  }
  return null;
}

// ---- summary block ---------------------------------------------------------------------------------------

type Family = "gross" | "net" | "tax" | "due" | "lines";
const INCL = /\b(brutto|bruttosumme|bruttobetrag|inkl|incl|including|inclusive|inklusive|einschl\w*|inclusief|incluid[oa]|inclus[oa]|ttc|tvac|ivac|ivato|ivainc)\b|\b(inkl|incl)\.|\bbrutto|\b(mit|with|avec|con|met|com) (ust|mwst|umsatzsteuer|vat|tax|tva|iva|btw)\b/;
const NET = /\b(netto|nettobetrag|nettosumme|nettobeitrag|gesamtbeitrag|(ohne|without|sans|sin|senza|zonder|sem) (ust|mwst|umsatzsteuer|vat|tax|tva|iva|btw)|excl|exkl|excluding|exclusive|net total|total net|net amount|subtotal|sub total|sub-total|sous-total|sous total|total ht|montant ht|hors tax\w*|imponibile|base imponible|subtotaal|totaal excl\w*|warenwert|taxable (value|amount)|sem iva|base tributavel|valor liquido|importe neto|neto|base imposable|nettobedrag|netto bedrag|total sin iva|\w*iliquido|liquido|net commercial|nettowert|nettoumsatz|taxable base|net value|importe base)\b|\bht\b|^(net|base)$/;
const DUE = /\b(zahlbetrag|falliger betrag|zu zahlender beitrag|amount due|balance due|due payable|total due|zu zahlen|noch zu zahlen|restbetrag|net a payer|a payer|te betalen|da pagare|importo da pagare|a pagar|valor a pagar|payable|montant du|solde du|a regler|balance|te voldoen|amount to pay)\b/;
const INCLUDED = /\b(enthalten\w*|darin|davon|included|includes|dont|incluse?|incluid[oa]|inclusief|di cui|incluida)\b/;
/** "Netto a pagare", "Net à payer", "Totaal te betalen": what is to be paid, whatever other word the label has. */
const TO_PAY = /\b(a payer|a pagare|da pagare|a pagar|te betalen|zu zahlen|to pay)\b/;
/** The sum of the item lines: the net when nothing is added or taken off below the table. */
const LINE_SUM = /\b(summe (aller )?positionen|positionssumme|sum of (all )?(invoice )?lines?|somme des (montants des )?lignes|total des lignes|line total|lines total|total lines)\b/;
const TAX = /\b(steuer|taxes?|steuerbetrag|ust|mwst|umsatzsteuer|mehrwertsteuer|versicherungs?steuer|insurance premium tax|vat|tax|tva|iva|btw|imposta|gst|igst|cgst|sgst|igic)\b/;
const GROSS = /\b(montant de la facture|rechnungsendbetrag|totaalbedrag|bruttowert|gesamtbetrag|rechnungsbetrag|rechnungsbeitrag|bruttobeitrag|rechnungssumme|endbetrag|gesamtsumme|gesamt|summe|grand total|invoice total|total amount|amount total|totaal|totale|total|montant total|importe total|importo totale|valor total|total general)\b/;
/**
 * Parts of a summary that are not the invoice's own totals: surcharges, allowances, prepayments, line sums, and prices
 * (a "Bruttopreis" / "Einzelpreis" / unit price is per unit or position; totals are sums and amounts).
 */
const NOT_TOTAL = /\b(brutto|netto)?(einzel|stuck|listen|einheits)?preis\b|\b(unit price|price per unit|prix unitaire|prix unit|precio unitario|prezzo unitario|preco unitario|stukprijs|eenheidsprijs|summe (aller )?positionen|sum of (all )?(invoice )?line|somme des (montants des )?lignes|total des lignes|der (zu|ab)schl\w*|zuschl\w*|abschl\w*|allowances?|charges?|rabatt\w*|discount|remise|sconto|korting|positionssumme|line total|anzahlung\w*|prepaid|acompte|deposit|paid|bezahlt|skonto|basis(betrag)?|steuerbasis\w*|steuersatz|rate|percent|prozent)\b/;
const ALLOWANCE = /\b((zu|ab)schl\w*|allowances?|charges?|rabatt\w*|discount|remise|sconto|korting|anzahlung\w*|prepaid|acompte|deposit)\b/;
const TAX_EXEMPTION = new RegExp(`\\b(${TAX_NOT_CHARGED})|§`);
const TAX_ID = /\b(id|nr|no|number|nummer|identif\w*|reg\w*|ust-?idnr|numero|code)\b|-id\b|identnr/;

export interface SummaryTotals {
  subtotal: string | null;
  taxAmount: string | null;
  total: string | null;
  /** Amount still to pay when a prepayment was deducted (not the invoice total). */
  amountDue: string | null;
  /** net + tax = gross on the page. */
  consistent: boolean;
  taxDerived: boolean;
}

interface Cand {
  family: Family;
  value: number;
  order: number;
  /** The folded label (tax lines of different names with equal amounts both count: CGST + SGST). */
  label?: string;
}

/** Label-and-amount lines of the summary block, classified by family and chosen by arithmetic. */
export function summaryTotals(lines: Line[], loc: DocLocale, skip: Set<Line> = new Set()): SummaryTotals | null {
  const cands: Cand[] = horizontalTotals(lines, loc, skip);
  /** Every labelled line ending in one money amount, whatever its label says. */
  const loose: Cand[] = [];
  // the per-rate table's sums, with the label of the sums a page prints ("Steuerbetrag" / "Basisbetrag")
  const rates = rateBreakdown(lines, loc, skip);
  if (rates) cands.push({ family: "tax", value: rates.tax, order: rates.order, label: "tax breakdown" }, { family: "net", value: rates.net, order: rates.order - 0.5 });
  lines.forEach((line, order) => {
    if (skip.has(line)) return;
    const first = line.segments[0];
    if (!first) return;
    // The label: the text before the first amount; the value: the last amount on the line.
    const text = line.text;
    const amounts = findAmounts(text, loc.decimal);
    if (!amounts.length) return;
    // The amounts that end the line (only symbols, codes and spaces between them); the label is what precedes them.
    let tail = amounts.length - 1;
    while (tail > 0 && !/[A-Za-zÀ-ÿ]{2}/.test(text.slice(amounts[tail - 1].index + amounts[tail - 1].raw.length, amounts[tail].index).replace(/\b[A-Z]{3}\b/g, ""))) tail--;
    const full = foldKeep(text.slice(0, amounts[tail].index)).replace(/\s+/g, " ").trim();
    // a label glued to other text keeps its last words ("… 2014Rechnungssumme Brutto (inkl. USt.)")
    const label = undot(full.length > 60 ? full.slice(-45).replace(/^\S*\d(?=[a-z])/, "") : full);
    if (!label || !/[a-z]{2}/.test(label)) return;
    const value = Number(amounts[amounts.length - 1].value);
    if (amounts.length - tail === 1 && /[.,]\d{2}$/.test(amounts[tail].raw) && !/[/:.-]\s*$/.test(text.slice(0, amounts[tail].index))) loose.push({ family: "net", value, order });
    if (amounts.length - tail > 3) return; // a table row, not a summary line
    if (LINE_SUM.test(label) && amounts.length - tail === 1) cands.push({ family: "lines", value, order });
    if (ALLOWANCE.test(label) || (NOT_TOTAL.test(label) && !(TAX.test(label) && amounts.length - tail >= 2))) return;
    // a tax exemption's law, not an amount ("TVA non applicable, art. 293 B du CGI", "USt. nach § 19 UStG")
    if (TAX.test(label) && TAX_EXEMPTION.test(label)) return;
    const family = familyOf(label);
    if (!family) return;
    cands.push({ family, value, order, label: label.replace(/[\d.,%@]+/g, " ").replace(/\s+/g, " ").trim() });
    // A tax breakdown line ("USt 19 %  198,00  37,62"): its first amount is the taxable base.
    if (family === "tax" && amounts.length - tail >= 2) cands.push({ family: "net", value: Number(amounts[tail].value), order: order - 0.5 });
  });
  if (!cands.length) return null;
  const of = (f: Family) => cands.filter((c) => c.family === f).sort((a, b) => b.order - a.order);
  const gross = of("gross");
  const net = of("net");
  const taxes = of("tax");
  const due = of("due");
  // the sum of the lines stands for the net only where no net is printed
  if (!net.length) net.push(...of("lines"));
  const cents = (v: number) => Math.round(v * 100);
  const sumTax = [...new Set(taxes.map((t) => t.value))].reduce((s, v) => s + v, 0);
  // taxes of different names with equal amounts ("CGST 9 %" and "SGST 9 %") are two taxes, not one printed twice
  const byName = [...new Map(taxes.map((t) => [`${t.label ?? ""}|${t.value}`, t.value])).values()].reduce((s, v) => s + v, 0);
  // a tax in brackets ("(35,13 €)") may be the tax included, not a negative one
  const taxOptions = [...new Set([...taxes.map((t) => t.value), ...(taxes.length > 1 ? [sumTax, byName] : []), ...taxes.map((t) => Math.abs(t.value))])];
  // Gross candidates: explicit gross lines first, then what is due (equal to gross when nothing was prepaid).
  for (const g of [...gross, ...due]) {
    for (const n of net) {
      for (const t of taxOptions) {
        if (cents(n.value) + cents(t) === cents(g.value) && cents(g.value) !== 0) {
          const amountDue = due.find((d) => cents(d.value) !== cents(g.value))?.value ?? null;
          return { subtotal: n.value.toFixed(2), taxAmount: t.toFixed(2), total: g.value.toFixed(2), amountDue: amountDue?.toFixed(2) ?? null, consistent: true, taxDerived: false };
        }
      }
    }
  }
  // Labels we cannot name: a printed tax and two labelled amounts that differ by it are net and gross.
  for (const t of taxOptions.filter((x) => cents(x) > 0)) {
    for (const g of [...loose].sort((a, b) => b.value - a.value)) {
      const n = loose.find((x) => x.order < g.order && x.value > 0 && cents(x.value) + cents(t) === cents(g.value));
      if (n) return { subtotal: n.value.toFixed(2), taxAmount: t.toFixed(2), total: g.value.toFixed(2), amountDue: null, consistent: true, taxDerived: false };
    }
  }
  // No consistent triple: the largest gross-labelled amount (the grand total is the largest total on an invoice).
  const g = [...gross].sort((a, b) => Math.abs(b.value) - Math.abs(a.value))[0] ?? due[0];
  if (!g) return null;
  const n = net.find((x) => Math.abs(x.value) <= Math.abs(g.value));
  let tax = taxes.find((x) => n && cents(n.value) + cents(x.value) === cents(g.value))?.value ?? taxes[0]?.value ?? null;
  let taxDerived = false;
  if (tax === null && n) {
    tax = (cents(g.value) - cents(n.value)) / 100;
    taxDerived = true;
  }
  // "darin enthaltene MwSt (35,13 €)", "dont TVA", "IVA incluido": the tax inside the gross, which then gives the net
  const included = taxes.find((x) => INCLUDED.test(x.label ?? "") && Math.abs(x.value) < Math.abs(g.value));
  if (!n && included && g.value > 0) {
    const t = Math.abs(included.value);
    return { subtotal: ((cents(g.value) - cents(t)) / 100).toFixed(2), taxAmount: t.toFixed(2), total: g.value.toFixed(2), amountDue: null, consistent: false, taxDerived: false };
  }
  return { subtotal: n ? n.value.toFixed(2) : null, taxAmount: tax === null ? null : tax.toFixed(2), total: g.value.toFixed(2), amountDue: null, consistent: false, taxDerived };
}

/** Abbreviations set with dots read as words: "total t.t.c." → "total ttc", "h.t." → "ht", "t.v.a." → "tva". */
export function undot(label: string): string {
  return label.replace(/\b(?:[a-z]\.){2,}(?![a-z])/g, (m) => m.replace(/\./g, "")).replace(/\bm\.\s?w\.\s?st\b\.?/g, "mwst");
}

/** A folded label of the block under the item table: totals, tax, surcharges, allowances, line sums. */
export function isSummaryLabel(label: string): boolean {
  return familyOf(label) !== null || NOT_TOTAL.test(undot(label));
}

/** The summary families' words (a label matching none may be a word the text layer broke: "Br uttosumme"). */
const SUMMARY_WORDS = [INCL, NET, DUE, TAX, GROSS, TO_PAY];

function familyOf(dotted: string): Family | null {
  // "Br uttosumme", "Za hlbetrag": a label word broken by a stray space in the text layer is read whole
  const label = rejoinBrokenWord(undot(dotted), SUMMARY_WORDS);
  if (TO_PAY.test(label) && !(TAX.test(label) && !GROSS.test(label))) return "due";
  if (INCL.test(label) && !/\bzzgl|plus\b/.test(label)) return "gross";
  if (NET.test(label)) return "net";
  if (DUE.test(label)) return "due";
  if (TAX.test(label) && !TAX_ID.test(label)) return "tax";
  if (GROSS.test(label)) return "gross";
  return null;
}

/**
 * Totals laid out as a table: a header row of total labels ("Nettobetrag  MwSt-Betrag  Endbetrag") over rows of
 * amounts; the last row under it is the invoice's (rows above it are per tax rate).
 */
function horizontalTotals(lines: Line[], loc: DocLocale, skip: Set<Line>): Cand[] {
  const out: Cand[] = [];
  lines.forEach((line, i) => {
    if (skip.has(line)) return;
    const heads = line.segments
      // a tax head may carry its rate ("VAT 25%", "MwSt. 19 %")
      .map((s) => ({ s, label: foldKeep(s.text).replace(/\d+(?:[.,]\d+)?\s*%/, "").trim() }))
      .filter(({ label }) => !/%|\d/.test(label) && (LINE_SUM.test(label) || !NOT_TOTAL.test(label)))
      .map(({ s, label }) => ({ s, label, family: LINE_SUM.test(label) ? ("lines" as const) : familyOf(label) }))
      .filter((h): h is { s: (typeof line.segments)[number]; label: string; family: Family } => h.family !== null);
    if (!heads.length) return;
    if (heads.length < 2) {
      // a summary label alone on its line with its amount stacked under it ("Total HT" / "1 000,00 €", "Total TTC" / …)
      if (line.segments.length !== 1 || findAmounts(line.text, loc.decimal).length) return;
      const h = heads[0].s;
      const alone = (l: Line | undefined) => (l && l.page === line.page && l.segments.length === 1 && !/[A-Za-zÀ-ÿ]{4}/.test(l.text) ? l.segments[0] : null);
      const next = lines[i + 1];
      const under = alone(next);
      let a = under && Math.abs(under.x - h.x) < 30 ? findAmounts(under.text, loc.decimal) : [];
      // or its amount to the right, set a little higher or lower (a key–value table whose cells are aligned apart)
      if (a.length !== 1) {
        const beside = [next, lines[i - 1]]
          .filter((l) => alone(l) && alone(l)!.x >= h.x2 && Math.abs(l!.y - line.y) < line.height * 1.2)
          .sort((p, q) => Math.abs(p!.y - line.y) - Math.abs(q!.y - line.y))[0];
        a = beside ? findAmounts(beside.text, loc.decimal) : [];
      }
      if (a.length === 1) out.push({ family: heads[0].family, value: Number(a[0].value), order: i + 1, label: heads[0].label });
      return;
    }
    if (!heads.some((h) => h.family === "gross" || h.family === "due")) return;
    let lastRow: Cand[] = [];
    for (let k = i + 1; k < Math.min(lines.length, i + 7); k++) {
      const row = lines[k];
      if (row.page !== line.page) break;
      const cells: Cand[] = [];
      for (const seg of row.segments) {
        const a = findAmounts(seg.text, loc.decimal);
        if (a.length !== 1 || /%/.test(seg.text)) continue;
        const mid = (seg.x + seg.x2) / 2;
        const head = heads.find((h) => mid >= h.s.x - 25 && mid <= h.s.x2 + 25);
        if (head) cells.push({ family: head.family, value: Number(a[0].value), order: k });
      }
      if (cells.length >= 2) lastRow = cells;
      else if (lastRow.length) break;
    }
    out.push(...lastRow);
  });
  return out;
}

// ---- payment terms: the due date ------------------------------------------------------------------------

const PAY_WORDS = /\b(zahlbar|uberweisen|zahlung|zahlungsziel|fallig|pay|payable|payment|remit|due|payer|paiement|regler|pagar|pago|pagamento|pagare|betalen|betaling)\b/;
const UNTIL = /\b(bis zum|bis|until|by|before|avant le|avant|au plus tard le|antes del|antes de|hasta el|entro il|entro|vóór|voor|ate|até)\s*$/;

/** "Zahlbar innerhalb 30 Tagen netto bis 04.07.2018", "Please remit until 2019-07-01": the first date after "until". */
export function paymentTermsDueDate(lines: Line[], dayFirst: boolean): string | null {
  for (const line of lines) {
    const f = foldKeep(line.text);
    if (!PAY_WORDS.test(f)) continue;
    for (const d of findDates(line.text, dayFirst)) {
      if (UNTIL.test(f.slice(0, d.index).trimEnd() + " ") || UNTIL.test(f.slice(0, d.index))) return d.iso;
    }
  }
  return null;
}

// ---- allowances and charges ------------------------------------------------------------------------------

const ROW_ALLOWANCE = /\b(abzgl|abzuglich|rabatt\w*|nachlass\w*|abschlag|discount|allowance|rebate|remise|reduction|ristourne|rabais|sconto|korting|descuento|desconto|bonificacion)\b/;
/** Words that add a charge; "zzgl. MwSt", "charge VAT", "recargo de equivalencia" add a tax with them. */
const ROW_CHARGE = /\b(zzgl|zuzuglich|charge|recargo)\b/;
/** Words that only ever name a charge, also where its tax category is set beside it ("Zuschlag Versandkosten 7 % UST"). */
const ROW_CHARGE_NAMED = /\b(zuschlag\w*|aufschlag|surcharge|majoration|supplement|toeslag|maggiorazione|acrescimo)\b/;

/** An allowance ("abzgl. 16,7 % Rabatt", "Remise 10 %") is −1, a charge ("zzgl. Zuschlag", "Surcharge") +1, else 0. */
export function allowanceSign(label: string): -1 | 0 | 1 {
  const f = undot(label);
  if (ROW_ALLOWANCE.test(f)) return -1;
  if (ROW_CHARGE_NAMED.test(f)) return 1;
  if (ROW_CHARGE.test(f) && !/\b(ust|mwst|umsatzsteuer|vat|tax|tva|iva|btw)\b/.test(f)) return 1;
  return 0;
}
