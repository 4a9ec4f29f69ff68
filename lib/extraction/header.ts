// Layout conventions of real invoices that the label → value reader alone misses, each a general rule:
// - the title line carries number and date ("Rechnung Nr. 42 vom 31.01.2014", "Invoice # A-7 issued at 2024-01-02");
// - the summary block: label + amount per line, chosen by arithmetic (net + tax = gross), in en/de/fr/es/nl/it/pt;
// - the seller: a seller-labelled block ("Verkäufer", "From", "Vendeur", "Leverancier" …, its "Name:" line or first
//   name line), the sender line above the address window ("Acme GmbH | Street 1 | 12345 City", DIN 5008 / NF Z 10-011),
//   or a company name with its legal form in the letterhead or legal footer. Buyer-labelled blocks never give it.

import { foldKeep, type Line } from "./layout";
import { findAmounts, findDates, type DocLocale } from "./parse";

// ---- title line: number and date -------------------------------------------------------------------------

const TITLE_WORD = "(?:[a-z]*rechnung|rechnungskorrektur|gutschrift|tax invoice|invoice|credit note|facture|avoir|factura|factuur|creditnota|fattura|nota di credito|fatura|nota de credito)";
const NO_WORD = "(?:nr|no|n°|nº|n\\.º|n|#|number|nummer|numero|num)";
const DATE_WORD = "(?:vom|von|du|dated|of|issued at|issued on|issued|del|de|van|d\\.d\\.|em|emitida em)";
const TITLE_NUMBER = new RegExp(`^(?:[a-z]+\\s+)?${TITLE_WORD}(?:\\s*\\(\\d{3}\\))?\\s*${NO_WORD}?\\.?\\s*[:#]?\\s*([a-z0-9][a-z0-9\\-/._]*)(?:\\s+${DATE_WORD}(?:\\s+(.+))?)?$`);
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
    for (const text of [line.text, ...line.segments.map((s) => s.text)]) {
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

type Family = "gross" | "net" | "tax" | "due";
const INCL = /\b(brutto|bruttosumme|bruttobetrag|inkl|incl|including|inclusive|ttc|tvac|ivac|ivato|ivainc)\b|\b(inkl|incl)\.|\bbrutto|\b(mit|with|avec|con|met|com) (ust|mwst|umsatzsteuer|vat|tax|tva|iva|btw)\b/;
const NET = /\b(netto|nettobetrag|nettosumme|nettobeitrag|gesamtbeitrag|(ohne|without|sans|sin|senza|zonder|sem) (ust|mwst|umsatzsteuer|vat|tax|tva|iva|btw)|excl|exkl|excluding|exclusive|net total|total net|net amount|subtotal|sub total|sub-total|sous-total|sous total|total ht|montant ht|hors tax\w*|imponibile|base imponible|subtotaal|totaal excl\w*|warenwert|taxable (value|amount)|sem iva|base tributavel|valor liquido)\b|\bht\b/;
const DUE = /\b(zahlbetrag|falliger betrag|zu zahlender beitrag|amount due|balance due|due payable|total due|zu zahlen|noch zu zahlen|restbetrag|net a payer|a payer|te betalen|da pagare|importo da pagare|a pagar|valor a pagar|payable)\b/;
const TAX = /\b(steuerbetrag|ust|mwst|umsatzsteuer|mehrwertsteuer|versicherungs?steuer|insurance premium tax|vat|tax|tva|iva|btw|imposta|gst|igst|cgst|sgst|igic)\b/;
const GROSS = /\b(gesamtbetrag|rechnungsbetrag|rechnungsbeitrag|bruttobeitrag|rechnungssumme|endbetrag|gesamtsumme|gesamt|summe|grand total|invoice total|total amount|amount total|totaal|totale|total|montant total|importe total|importo totale|valor total|total general)\b/;
/** Parts of a summary that are not the invoice's own totals: surcharges, allowances, prepayments, line sums. */
const NOT_TOTAL = /\b(summe (aller )?positionen|sum of (all )?(invoice )?line|somme des (montants des )?lignes|total des lignes|der (zu|ab)schl\w*|zuschl\w*|abschl\w*|allowances?|charges?|rabatt\w*|discount|remise|sconto|korting|positionssumme|line total|anzahlung\w*|prepaid|acompte|deposit|paid|bezahlt|skonto|basis(betrag)?|steuerbasis\w*|steuersatz|rate|percent|prozent)\b/;
const ALLOWANCE = /\b((zu|ab)schl\w*|allowances?|charges?|rabatt\w*|discount|remise|sconto|korting|anzahlung\w*|prepaid|acompte|deposit)\b/;
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
}

/** Label-and-amount lines of the summary block, classified by family and chosen by arithmetic. */
export function summaryTotals(lines: Line[], loc: DocLocale, skip: Set<Line> = new Set()): SummaryTotals | null {
  const cands: Cand[] = horizontalTotals(lines, loc, skip);
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
    const label = full.length > 60 ? full.slice(-45).replace(/^\S*\d(?=[a-z])/, "") : full;
    if (!label || !/[a-z]{2}/.test(label)) return;
    const value = Number(amounts[amounts.length - 1].value);
    if (amounts.length - tail > 3) return; // a table row, not a summary line
    if (ALLOWANCE.test(label) || (NOT_TOTAL.test(label) && !(TAX.test(label) && amounts.length - tail >= 2))) return;
    const family = familyOf(label);
    if (!family) return;
    cands.push({ family, value, order });
    // A tax breakdown line ("USt 19 %  198,00  37,62"): its first amount is the taxable base.
    if (family === "tax" && amounts.length - tail >= 2) cands.push({ family: "net", value: Number(amounts[tail].value), order: order - 0.5 });
  });
  if (!cands.length) return null;
  const of = (f: Family) => cands.filter((c) => c.family === f).sort((a, b) => b.order - a.order);
  const gross = of("gross");
  const net = of("net");
  const taxes = of("tax");
  const due = of("due");
  const cents = (v: number) => Math.round(v * 100);
  const sumTax = [...new Set(taxes.map((t) => t.value))].reduce((s, v) => s + v, 0);
  const taxOptions = [...taxes.map((t) => t.value), ...(taxes.length > 1 ? [sumTax] : [])];
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
  return { subtotal: n ? n.value.toFixed(2) : null, taxAmount: tax === null ? null : tax.toFixed(2), total: g.value.toFixed(2), amountDue: null, consistent: false, taxDerived };
}

/** A folded label of the block under the item table: totals, tax, surcharges, allowances, line sums. */
export function isSummaryLabel(label: string): boolean {
  return familyOf(label) !== null || NOT_TOTAL.test(label);
}

function familyOf(label: string): Family | null {
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
      .filter(({ label }) => !/%|\d/.test(label) && !NOT_TOTAL.test(label))
      .map(({ s, label }) => ({ s, family: familyOf(label) }))
      .filter((h): h is { s: (typeof line.segments)[number]; family: Family } => h.family !== null);
    if (!heads.some((h) => h.family === "gross" || h.family === "due")) return;
    if (heads.length < 2) {
      // a total alone on its line with its amount stacked under it ("Total TTC" / "6 479,00 €")
      if (line.segments.length !== 1 || findAmounts(line.text, loc.decimal).length) return;
      const next = lines[i + 1];
      const h = heads[0].s;
      const under = next && next.page === line.page && next.segments.length === 1 ? next.segments[0] : null;
      const a = under && Math.abs(under.x - h.x) < 30 ? findAmounts(under.text, loc.decimal) : [];
      if (a.length === 1 && !/[A-Za-zÀ-ÿ]{4}/.test(under!.text)) out.push({ family: heads[0].family, value: Number(a[0].value), order: i + 1 });
      return;
    }
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

// ---- the seller ------------------------------------------------------------------------------------------

// A party label stands alone or ends in a colon ("Verkäufer:", "From: Acme Ltd") — "Lieferant GmbH" is a name.
const SELLER_LABEL = /^(verkaufer|rechnungsersteller|rechnungssteller|leistungserbringer|lieferant|absender|seller|supplier|vendor|from|sold by|issued by|bill from|billed by|vendeur|fournisseur|emetteur|prestataire|emisor|proveedor|vendedor|leverancier|verkoper|afzender|fornitore|cedente|prestatore|venditore|fornecedor|emitente|prestador)\s*(?:\/[a-z ]+)?(?::\s*(.*)|$)/;
export const BUYER_LABEL = /^(?:(?:kaufer|kunde|rechnungsempfanger|leistungsempfanger|warenempfanger|empfanger|auftraggeber|abweichender [a-z]+|customer|client|buyer|acheteur|destinataire|cliente|receptor|adquirente|comprador|klant|afnemer|koper|destinatario|committente|cessionario|acquirente|aan|t\.a\.v\.?|spett\.?\s?le|spettabile|exm[oa]s?(?:\(s\))?\.?(?:\s*sr[as]?(?:\(s\))?\.?)?|adresse de facturation|adresse de livraison|livre a|rechnungsadresse|lieferadresse|lieferanschrift|billing address|shipping address|delivery address|direccion de facturacion|direccion de envio|factuuradres|afleveradres|indirizzo di fatturazione|morada de faturacao)\s*(?:\/[a-z ]+)?(?::|$)|(?:bill to|billed to|invoice to|ship to|sold to|deliver to|facture a|facturer a|facturar a|factureren aan|fatturare a|faturar a)\b)/;
const KEY_VALUE = /^([^:]{1,40}):\s*(.*)$/;
const NAME_KEY = /^(name|firma|company|raison sociale|denomination|nom|nombre|razon social|naam|bedrijfsnaam|nome|ragione sociale|denominacao)$/;
export const COMPANY_FORM = /\b(gmbh|ag|kg|ohg|ug|e\.\s?k|e\.\s?v|a\.\s?g|eg|gbr|partg|mbh|se|inc|llc|ltd|limited|corp|plc|llp|sarl|sas|sasu|eurl|sa|sca|bv|b\.v|nv|n\.v|vof|spa|s\.p\.a|srl|s\.r\.l|snc|lda|s\.a|s\.l|sl|sa de cv|s\.a\. de c\.v|pvt|oy|ab|as|aps)\.?(?=$|[\s,)])/i;
const NOT_PARTY_NAME = /@|https?:|www\.|^\+?\d[\d\s/()-]{5,}$|\b(tel|telefon|phone|fax|e-?mail|iban|bic|swift|gln|gtin|ust|vat|tva|btw|iva|siret|siren|steuer|kontakt|contact|page|seite)\b/i;

function nameOk(t: string): boolean {
  const s = t.trim();
  if (s.length < 2 || s.length > 80 || !/[A-Za-zÀ-ÿ]{2}/.test(s) || NOT_PARTY_NAME.test(s)) return false;
  if (/^\d/.test(s) && !COMPANY_FORM.test(s)) return false;
  const f = foldKeep(s);
  return !SELLER_LABEL.test(f) && !BUYER_LABEL.test(f);
}

const looksAddress = (t: string) => /\b\d{4,5}\b/.test(t) && /\d/.test(t) || /\b(str\.|strasse|straße|street|rue|calle|via|straat|weg|allee|platz|avenue|road)\b/i.test(t);

export interface PartyName {
  value: string;
  confidence: number;
  line: Line;
  how: string;
}

/** The name in a seller-labelled block: the label's own value, a "Name:" line, or the first name-like line below. */
export function sellerBlockName(lines: Line[]): PartyName | null {
  return blockName(lines, SELLER_LABEL, "seller");
}

// The buyer's block, labelled alone or with a colon ("Käufer/Leistungsempfänger:", "Bill to", "Cliente:").
const BUYER_BLOCK = /^(kaufer|rechnungsempfanger|leistungsempfanger|kunde|customer|client|buyer|bill to|billed to|invoice to|sold to|acheteur|destinataire|facture a|facturer a|cliente|receptor|adquirente|comprador|facturar a|klant|afnemer|factuur aan|destinatario|committente|cessionario|acquirente|fatturare a|faturar a|aan|t\.a\.v\.?|spett\.?\s?le|spettabile|exm[oa]s?(?:\(s\))?\.?(?:\s*sr[as]?(?:\(s\))?\.?)?|adresse de facturation|adresse de livraison|livre a|rechnungsadresse|lieferadresse|lieferanschrift|billing address|shipping address|delivery address|direccion de facturacion|direccion de envio|factuuradres|afleveradres|indirizzo di fatturazione|morada de faturacao)\s*(?:\/[a-z ]+)?(?::\s*(.*)|$)/;

/** The buyer's name from its labelled block (never a seller's). */
export function buyerBlockName(lines: Line[]): PartyName | null {
  return blockName(lines, BUYER_BLOCK, "buyer");
}

function blockName(lines: Line[], labelRe: RegExp, who: "seller" | "buyer"): PartyName | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    for (const seg of line.segments) {
      const f = foldKeep(seg.text).trim();
      const m = labelRe.exec(f);
      if (!m) continue;
      // the whole line from this segment on: "Nummer  : 549910" may come as two segments
      const rest = m[2] === undefined ? "" : seg.text.trim().slice(seg.text.trim().length - m[2].length).trim();
      if (rest && nameOk(rest) && !KEY_VALUE.test(rest)) return { value: rest, confidence: 0.93, line, how: `${who} label` };
      if (rest) continue; // "Lieferant: 12345" or a sentence — not a party block
      // a label column with the name to its right on the same line ("Kunde:      Weber Logistik AG")
      const right = line.segments.find((x) => x.x >= seg.x2 - 1 && x.x - seg.x2 < 250);
      // "Verkäufer        Käufer": two party columns side by side — the name is below this one
      const rightIsParty = right !== undefined && (SELLER_LABEL.test(foldKeep(right.text).trim()) || BUYER_LABEL.test(foldKeep(right.text).trim()));
      if (right && !rightIsParty) {
        const t = right.text.trim();
        if (nameOk(t) && !KEY_VALUE.test(t) && !looksAddress(t)) return { value: t, confidence: 0.9, line, how: `${who} label` };
        continue;
      }
      let lastY = line.y;
      for (let k = i + 1; k < Math.min(lines.length, i + 8); k++) {
        const next = lines[k];
        // a block is contiguous: a wide gap (or a new page) ends it
        if (next.page !== line.page || next.y - lastY > Math.max(line.height, 8) * 3) break;
        lastY = next.y;
        const si = next.segments.findIndex((x) => Math.abs(x.x - seg.x) < 40 || (x.x < seg.x2 && x.x2 > seg.x));
        if (si < 0) continue;
        const s = next.segments[si];
        const t = s.text.trim();
        // this column's part of the row: segments that follow closely ("Nummer" ": 549910"), not the next column
        const cells = [s];
        for (const x of next.segments.slice(si + 1)) {
          // a key ending in ":" takes the next cell however far ("Name:        Lieferant GmbH")
          if (x.x - cells[cells.length - 1].x2 > 150 && !/:$/.test(cells[cells.length - 1].text.trim())) break;
          // the next column's key ("Name:  Acme   Name:  Buyer Ltd") starts another cell
          if (cells.length >= 2 && /:$/.test(x.text.trim())) break;
          cells.push(x);
        }
        const rowText = cells.map((x) => x.text.trim()).join(" ").replace(/\s+:/g, ":");
        const tf = foldKeep(t);
        if (BUYER_LABEL.test(tf) || SELLER_LABEL.test(tf)) break;
        const kv = KEY_VALUE.exec(rowText);
        if (kv) {
          if (NAME_KEY.test(foldKeep(kv[1]).trim()) && nameOk(kv[2])) return { value: kv[2].trim(), confidence: 0.95, line: next, how: `${who} block Name:` };
          continue;
        }
        if (nameOk(t) && !looksAddress(t)) return { value: t, confidence: 0.92, line: next, how: `${who} block` };
      }
    }
  }
  return null;
}

/** The sender line above the address window: "Acme GmbH | Europa-Allee 19 | 60486 Frankfurt" → "Acme GmbH". */
export function senderLine(lines: Line[], pageHeight: number): PartyName | null {
  for (const line of lines) {
    if (line.page !== lines[0]?.page || line.y > pageHeight * 0.45) continue;
    for (const text of [line.text, ...line.segments.map((s) => s.text)]) {
      const parts = text.split(/\s*[|●•·∙◦▪]\s*|\s+[-–]\s+/).map((p) => p.trim()).filter(Boolean);
      if (parts.length < 3 || parts.length > 6 || REGISTRATION.test(foldKeep(text))) continue;
      if (!parts.slice(1).some((p) => /\b\d{4,5}\b/.test(p))) continue;
      if (nameOk(parts[0]) && !/\d{4,5}/.test(parts[0])) return { value: parts[0].replace(/[,;]$/, ""), confidence: 0.9, line, how: "sender line" };
    }
  }
  return null;
}

/** Registration facts only the issuer prints about itself: share capital, trade register, VAT or company number. */
const REGISTRATION = /\b(au capital|capital social|capitale sociale|share capital|rcs|siret|siren|registered in|registered office|company (no|number|reg)|handelsregister|registergericht|amtsgericht|hrb|hra|kvk|rea|cif|nif|ust-?id\w*|vat (no|reg\w*)|tva intra\w*|n° tva|geschaftsfuhr\w*|gerant|directeur|director)\b/;
/** What follows a legal form inside a footer phrase: "Acme SARL au capital de …", "Acme GmbH, Sitz Kiel". */
const AFTER_FORM = /^\s*(?:au capital|capital|con sede|mit sitz|sitz|registered|with|inscrite|immatricul\w*|[,(–-])/i;

/** A segment naming a company with its legal form, outside buyer blocks: letterhead, legal footer, page. */
export function companyFormName(lines: Line[], buyerLines: Set<Line>, pageHeight: number): PartyName | null {
  const found: { value: string; line: Line; where: "top" | "foot" | "body"; registered: boolean }[] = [];
  const domains = pageDomains(lines);
  for (const line of lines) {
    if (buyerLines.has(line)) continue;
    const registeredLine = REGISTRATION.test(foldKeep(line.text));
    // A legal footer strings its facts with separators: "Blue Harbor Ltd · Registered in England 0123 · VAT GB…".
    const parts = line.segments.flatMap((seg) => seg.text.split(/\s*[|●•·∙▪]\s*|\s+[-–]\s+/));
    for (const part of parts) {
      let t = part.trim().replace(/[,;]$/, "");
      const kv = KEY_VALUE.exec(t);
      let cand = kv && NAME_KEY.test(foldKeep(kv[1]).trim()) ? kv[2].trim() : t;
      // "Acme SARL au capital de 8 000 €" → "Acme SARL"
      const form = COMPANY_FORM.exec(cand);
      if (form && AFTER_FORM.test(cand.slice(form.index + form[0].length))) cand = cand.slice(0, form.index + form[0].length).trim();
      t = cand;
      // "3451 AB Utrecht" is a Dutch postcode, not an aktiebolag: an address line is never the company's name
      if (!COMPANY_FORM.test(cand) || !nameOk(cand) || looksAddress(cand) || cand.split(/\s+/).length > 7 || /^(gmbh|ag|kg|sa|sas|bv|ltd|inc|llc)$/i.test(cand)) continue;
      const where = line.page === lines[0].page && line.y < pageHeight * 0.3 ? "top" : line.y > pageHeight * 0.75 ? "foot" : "body";
      found.push({ value: t, line, where, registered: registeredLine && where !== "top" });
    }
  }
  if (!found.length) return null;
  const count = (v: string) => found.filter((f) => foldKeep(f.value) === foldKeep(v)).length;
  // the issuer's own web or mail domain names it ("www.brightlabs.io" → "Bright Labs Ltd")
  const web = (v: string) => domains.some((d) => nameMatchesDomain(v, d));
  const score = (f: (typeof found)[number]) => (count(f.value) > 1 ? 2 : 0) + (f.registered ? 2 : 0) + (web(f.value) ? 2 : 0) - rank(f.where) * 0.5;
  const best = [...found].sort((a, b) => score(b) - score(a))[0];
  const sure = count(best.value) > 1 || best.registered || web(best.value);
  return {
    value: best.value,
    confidence: sure ? 0.88 : best.where === "body" ? 0.6 : 0.75,
    line: best.line,
    how: `company name (${best.registered ? "legal footer" : best.where === "foot" ? "footer" : best.where === "top" ? "letterhead" : "page"})`,
  };
}

/** Web and mail domains printed on the page ("www.acme-tools.de", "info@acme.fr") without their top-level part. */
export function pageDomains(lines: Line[]): string[] {
  const out = new Set<string>();
  for (const l of lines) {
    for (const m of l.text.matchAll(/(?:www\.|@|https?:\/\/)([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.[a-z]{2,6}\b/gi)) {
      const host = m[1].toLowerCase().replace(/^www\./, "").split(".");
      out.add(host[host.length - 1]);
    }
  }
  return [...out].filter((d) => d.length >= 3);
}

/** "Bright Labs Ltd" ~ "brightlabs", "Conseil & Formation" ~ "conseil-formation": the name's letters make the domain. */
export function nameMatchesDomain(name: string, domain: string): boolean {
  const d = domain.replace(/[^a-z0-9]/g, "");
  const words = foldKeep(name).replace(COMPANY_FORM, " ").split(/[^a-z0-9]+/).filter(Boolean);
  if (!words.length || d.length < 3) return false;
  const joined = words.join("");
  if (joined === d || (joined.length >= 4 && d.startsWith(joined)) || (d.length >= 5 && joined.startsWith(d))) return true;
  // initials of a long name ("Muster Versand Gesellschaft" → "mvg")
  return words.length >= 3 && words.map((w) => w[0]).join("") === d;
}
const rank = (w: string) => (w === "top" ? 0 : w === "foot" ? 1 : 2);

/** Lines of buyer-labelled blocks (label line and the lines below it in its column, up to the next label). */
export function buyerBlocks(lines: Line[]): Set<Line> {
  const set = new Set<Line>();
  for (let i = 0; i < lines.length; i++) {
    for (const seg of lines[i].segments) {
      if (!BUYER_LABEL.test(foldKeep(seg.text).trim())) continue;
      set.add(lines[i]);
      let lastY = lines[i].y;
      for (let k = i + 1; k < Math.min(lines.length, i + 8); k++) {
        const l = lines[k];
        // a block is contiguous: a wide gap ends it
        if (l.page !== lines[i].page || l.y - lastY > Math.max(l.height, 8) * 3) break;
        const s = l.segments.find((x) => Math.abs(x.x - seg.x) < 40);
        if (!s) continue;
        if (SELLER_LABEL.test(foldKeep(s.text).trim())) break;
        set.add(l);
        lastY = l.y;
      }
    }
  }
  return set;
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
