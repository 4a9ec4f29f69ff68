// Locale-aware parsing of the values on an invoice: amounts, dates, currencies, tax IDs, language.

import { fold } from "./layout";

export type Lang = "en" | "es" | "de" | "fr";
export type DecimalMark = "." | ",";

export interface DocLocale {
  lang: Lang;
  decimal: DecimalMark;
  /** Day before month in numeric dates (everything but US-style English). */
  dayFirst: boolean;
}

// ---- amounts ---------------------------------------------------------------------------------------

// The grouped form must not stop inside a longer run of digits ("3846.00" is not "384" + "6.00").
const NUMBER_RE = /[-−(]?\s*\d{1,3}(?:[ \u00a0\u202f\u2009\u2007.,'’]\d{2,3})*(?![0-9])(?:[.,]\d+)?\s*\)?|[-−(]?\d+(?:[.,]\d+)?\)?/g;

/**
 * Parse an amount written in any of the usual conventions — 1.234,56 / 1,234.56 / 1 234,56 / 1'234.56 /
 * lakh 1,23,456.78 / (1,234.56) / -1234.5 — into a decimal string ("1234.56"). `decimal` decides the
 * ambiguous "1.234" / "1,234" (a thousands group or three decimals). Returns null when it is not a number.
 */
export function parseAmount(input: string, decimal: DecimalMark = "."): string | null {
  let s = input.trim().replace(/[\u00a0\u202f\u2009\u2007]/g, " ");
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  s = s
    .replace(/\b(?:Rs|MN|M\.N|[A-Z]{3})\b\.?/g, (m) => (/^(Rs|MN|M\.N)/.test(m) || CURRENCY_CODES.includes(m.replace(/\.$/, "")) ? " " : m))
    .replace(/[€$£¥₹]/g, " ")
    .trim();
  if (/[A-Za-z]/.test(s)) return null;
  if (/^[-−]/.test(s) || /[-−]$/.test(s)) {
    negative = true;
    s = s.replace(/^[-−]\s*|\s*[-−]$/g, "");
  }
  s = s.trim();
  if (!/^\d[\d .,'’]*$/.test(s) || /\s{2,}/.test(s)) return null;
  if (/ /.test(s) && !/^\d{1,3}( \d{3})+([.,]\d+)?$/.test(s)) return null;
  s = s.replace(/[ '’]/g, "");
  const lastDot = s.lastIndexOf(".");
  const lastComma = s.lastIndexOf(",");
  let intPart: string;
  let frac = "";
  if (lastDot >= 0 && lastComma >= 0) {
    const dec = lastDot > lastComma ? "." : ",";
    const th = dec === "." ? "," : ".";
    const [i, f] = s.split(dec);
    if (s.split(dec).length !== 2) return null;
    intPart = i.split(th).join("");
    frac = f;
    if (!validGroups(i, th)) return null;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? "." : ",";
    const parts = s.split(sep);
    const tail = parts[parts.length - 1];
    const asThousands = parts.length > 2 || (tail.length === 3 && sep !== decimal);
    if (asThousands) {
      if (!validGroups(s, sep)) return null;
      intPart = parts.join("");
    } else {
      if (parts.length !== 2) return null;
      intPart = parts[0];
      frac = tail;
    }
  } else {
    intPart = s;
  }
  if (!/^\d+$/.test(intPart) || (frac && !/^\d+$/.test(frac))) return null;
  intPart = intPart.replace(/^0+(?=\d)/, "");
  const out = frac ? `${intPart}.${frac}` : intPart;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

/** "1,234,567" / "1,23,45,678" (lakh) / "1.234.567": every group after the first has 3 digits, or lakh pairs. */
function validGroups(s: string, sep: string): boolean {
  const g = s.split(sep);
  if (g.length === 1) return true;
  if (!/^\d{1,3}$/.test(g[0])) return false;
  const rest = g.slice(1);
  if (rest.every((x) => /^\d{3}$/.test(x))) return true;
  // Indian grouping: last group 3 digits, the ones before it 2.
  return rest.length >= 2 && /^\d{3}$/.test(rest[rest.length - 1]) && rest.slice(0, -1).every((x) => /^\d{2}$/.test(x));
}

/** A money value as a decimal string with exactly two places. */
export function toMoney(dec: string | null): string | null {
  if (dec === null) return null;
  const neg = dec.startsWith("-");
  const [i, f = ""] = dec.replace(/^-/, "").split(".");
  // Round half up on the third decimal, in integer arithmetic on cents.
  let cents = BigInt(i || "0") * 100n + BigInt((f + "00").slice(0, 2));
  if (f.length > 2 && Number(f[2]) >= 5) cents += 1n;
  const s = cents.toString().padStart(3, "0");
  const out = `${s.slice(0, -2)}.${s.slice(-2)}`;
  return neg && cents !== 0n ? `-${out}` : out;
}

/** Amounts appearing in a piece of text (percentages and things that look like dates or IDs are skipped). */
export function findAmounts(text: string, decimal: DecimalMark): { value: string; index: number; raw: string }[] {
  const out: { value: string; index: number; raw: string }[] = [];
  for (const m of text.matchAll(NUMBER_RE)) {
    const lead = m[0].length - m[0].trimStart().length;
    const start = (m.index ?? 0) + lead;
    const whole = m[0].trim();
    // Spaces group thousands only where the comma is the decimal mark (1 234,56); elsewhere they separate numbers.
    // A no-break space only ever groups digits, and "12 450.00" (groups of three before the decimals) is one number.
    // A space-grouped number stands alone in its cell (after a colon, a currency or a column gap): in "Qty 2 100.00"
    // the space separates two numbers.
    const alone = /(?:^|\s{2}|:\s*|[€$£]\s?|\b[A-Z]{3}\s)$/.test(text.slice(0, start)) && /^(?:\s?[€$£]|\s[A-Z]{3}\b)?(?:\s{2}|\s*$)/.test(text.slice(start + whole.length));
    // (either decimal mark: "1 234,56" in a document whose other numbers use a dot is still one amount)
    const grouped = (alone && /^\d{1,3}(?:[ \u00a0\u202f]\d{3})+[.,]\d{2}$/.test(whole)) || /^[-−(]?\s*\d{1,3}(?:[\u00a0\u202f\u2009\u2007]\d{3})+(?:[.,]\d+)?\)?$/.test(whole);
    const pieces = decimal === "," || grouped || !/\s/.test(whole) ? [{ raw: whole, at: start }] : splitOnSpaces(whole, start);
    for (const { raw, at } of pieces) {
      const end = at + raw.length;
      const after = text.slice(end, end + 2);
      const before = text.slice(Math.max(0, at - 1), at);
      if (/^\s?%/.test(after)) continue;
      // a currency code glued to the amount ("EUR1.234,56", "1.234,56EUR") still leaves it an amount
      const codeBefore = CODE_BEFORE.test(text.slice(Math.max(0, at - 4), at));
      const codeAfter = CODE_AFTER.test(text.slice(end, end + 4));
      if (/[\w/.#-]/.test(before) && !/[€$£¥₹]/.test(before) && !codeBefore) continue;
      if (/^[/\-.:]\d/.test(after) || (/^[A-Za-z]/.test(after) && !codeAfter)) continue;
      let v = parseAmount(raw, decimal);
      // "(35,13 €)": brackets around the amount and its currency; "35,13-", "EUR 35,13-": a minus set after it
      const bracketed = v === null && /^\(\s*\d/.test(raw) && /^\s*(?:[€$£]|[A-Z]{3})?\s*\)/.test(text.slice(end)) ? parseAmount(raw.slice(1), decimal) : null;
      if (bracketed !== null) v = bracketed.startsWith("-") ? bracketed : `-${bracketed}`;
      else if (v !== null && !v.startsWith("-") && /^[-−](?![\dA-Za-z])/.test(text.slice(end, end + 2)) && Number(v) !== 0) v = `-${v}`;
      if (v !== null) out.push({ value: v, index: at, raw });
    }
  }
  return out;
}

const CODE_BEFORE = new RegExp(`(?:^|[^A-Za-z])(?:${"AED ARS AUD BRL CAD CHF CLP CNY COP CZK DKK EUR GBP HKD HUF INR JPY MXN NOK NZD PLN SEK SGD USD ZAR".split(" ").join("|")})$`, "i");
const CODE_AFTER = new RegExp(`^(?:${"AED ARS AUD BRL CAD CHF CLP CNY COP CZK DKK EUR GBP HKD HUF INR JPY MXN NOK NZD PLN SEK SGD USD ZAR".split(" ").join("|")})(?![A-Za-z])`, "i");

function splitOnSpaces(s: string, start: number) {
  const out: { raw: string; at: number }[] = [];
  let pos = 0;
  for (const part of s.split(/(\s+)/)) {
    if (part.trim()) out.push({ raw: part, at: start + pos });
    pos += part.length;
  }
  return out;
}

// ---- dates -----------------------------------------------------------------------------------------

const MONTHS: Record<string, number> = {};
const monthNames: [number, string[]][] = [
  [1, ["january", "jan", "enero", "ene", "januar", "jänner", "janvier", "janv"]],
  [2, ["february", "feb", "febrero", "februar", "fevrier", "février", "fevr", "févr", "fev"]],
  [3, ["march", "mar", "marzo", "marz", "märz", "mars", "mrz"]],
  [4, ["april", "apr", "abril", "abr", "avril", "avr"]],
  [5, ["may", "mayo", "mai", "may"]],
  [6, ["june", "jun", "junio", "juni", "juin"]],
  [7, ["july", "jul", "julio", "juli", "juillet", "juil"]],
  [8, ["august", "aug", "agosto", "ago", "aout", "août"]],
  [9, ["september", "sep", "sept", "septiembre", "setiembre", "set", "septembre"]],
  [10, ["october", "oct", "octubre", "oktober", "okt", "octobre"]],
  [11, ["november", "nov", "noviembre", "novembre"]],
  [12, ["december", "dec", "diciembre", "dic", "dezember", "dez", "decembre", "décembre", "déc"]],
];
for (const [n, names] of monthNames) for (const name of names) MONTHS[fold(name)] = n;
const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");

const pad = (n: number) => String(n).padStart(2, "0");

function isoIfValid(y: number, m: number, d: number): string | null {
  if (y < 100) y += y >= 70 ? 1900 : 2000;
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const DATE_PATTERNS: { re: RegExp; parse: (m: RegExpMatchArray, dayFirst: boolean) => string | null }[] = [
  // 2024-03-05
  { re: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/, parse: (m) => isoIfValid(+m[1], +m[2], +m[3]) },
  // 05.03.2024 / 5.3.24 (always day first)
  { re: /\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b/, parse: (m) => isoIfValid(+m[3], +m[2], +m[1]) },
  // 03/05/2024, 03-05-2024: locale decides unless one part is > 12
  {
    re: /\b(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})\b/,
    parse: (m, dayFirst) => {
      const a = +m[1];
      const b = +m[2];
      if (a > 12) return isoIfValid(+m[3], b, a);
      if (b > 12) return isoIfValid(+m[3], a, b);
      return dayFirst ? isoIfValid(+m[3], b, a) : isoIfValid(+m[3], a, b);
    },
  },
  // 5 de marzo de 2024 / 5 March 2024 / 5. März 2024 / 5 mars 2024 / 05-Mar-2024 / 1er mars 2024
  {
    re: new RegExp(`\\b(\\d{1,2})(?:er|st|nd|rd|th)?\\.?[\\s-]*(?:de\\s+)?(${MONTH_ALT})\\.?,?[\\s-]*(?:de(?:l)?\\s+)?(\\d{4})\\b`),
    parse: (m) => isoIfValid(+m[3], MONTHS[m[2]], +m[1]),
  },
  // March 5, 2024 / Mar 5 2024
  {
    re: new RegExp(`\\b(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`),
    parse: (m) => isoIfValid(+m[3], MONTHS[m[1]], +m[2]),
  },
];

/** The first date in a piece of text, as ISO YYYY-MM-DD. */
export function parseDate(text: string, dayFirst = true): string | null {
  return findDates(text, dayFirst)[0]?.iso ?? null;
}

/** All dates in a piece of text, in order of appearance. */
export function findDates(text: string, dayFirst = true): { iso: string; index: number }[] {
  const s = fold(text);
  const found: { iso: string; index: number; end: number }[] = [];
  for (const p of DATE_PATTERNS) {
    const re = new RegExp(p.re.source, "g");
    for (const m of s.matchAll(re)) {
      const iso = p.parse(m, dayFirst);
      const index = m.index ?? 0;
      if (iso && !found.some((f) => index < f.end && index + m[0].length > f.index)) found.push({ iso, index, end: index + m[0].length });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ iso, index }) => ({ iso, index }));
}

// ---- currency --------------------------------------------------------------------------------------

export const CURRENCY_CODES =
  "AED ARS AUD BRL CAD CHF CLP CNY COP CZK DKK EUR GBP HKD HUF IDR ILS INR JPY KRW MXN MYR NOK NZD PEN PHP PLN RON RUB SAR SEK SGD THB TRY TWD USD UYU ZAR".split(
    " ",
  );

/** Currency of a document from ISO codes, symbols and (last) the locale and tax-ID evidence. */
export function detectCurrency(text: string, hints: { lang: Lang; country?: string | null }): { code: string | null; confidence: number } {
  const counts = new Map<string, number>();
  const add = (c: string, n = 1) => counts.set(c, (counts.get(c) ?? 0) + n);
  for (const m of text.matchAll(/\b([A-Z]{3})\b/g)) if (CURRENCY_CODES.includes(m[1])) add(m[1], 2);
  const n = (re: RegExp) => (text.match(re) ?? []).length;
  if (n(/€/g)) add("EUR", n(/€/g));
  if (n(/£/g)) add("GBP", n(/£/g));
  if (n(/₹|\bRs\.?(?=\s?\d)|\bINR\b/g)) add("INR", n(/₹|\bRs\.?(?=\s?\d)/g));
  if (n(/¥/g)) add("JPY", n(/¥/g));
  if (/\bM\.?\s?N\.?\b|pesos\b|MN\$|MX\$/i.test(text)) add("MXN", 3);
  if (/\b(CA|C)\$/.test(text)) add("CAD", 3);
  if (/\bA\$/.test(text)) add("AUD", 3);
  if (/\bFr\.\s?\d|\bCHF\b/.test(text)) add("CHF", 2);
  const dollars = n(/\$/g);
  if (dollars && ![...counts.keys()].some((k) => ["MXN", "CAD", "AUD", "USD"].includes(k))) {
    add(hints.country === "MX" || hints.lang === "es" ? "MXN" : "USD", dollars);
  }
  const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
  if (best) {
    const second = [...counts.values()].sort((a, b) => b - a)[1] ?? 0;
    return { code: best[0], confidence: best[1] >= 2 && second < best[1] ? 0.95 : 0.8 };
  }
  // No symbol or code anywhere: fall back to what the country implies.
  const byCountry: Record<string, string> = { MX: "MXN", IN: "INR", DE: "EUR", FR: "EUR", ES: "EUR", AT: "EUR", GB: "GBP", US: "USD" };
  if (hints.country && byCountry[hints.country]) return { code: byCountry[hints.country], confidence: 0.6 };
  if (hints.lang === "de" || hints.lang === "fr") return { code: "EUR", confidence: 0.5 };
  return { code: null, confidence: 0 };
}

// ---- tax IDs ---------------------------------------------------------------------------------------

export interface TaxId {
  value: string;
  scheme: "RFC" | "VAT" | "GSTIN" | "SIRET" | "SIREN" | "EIN" | "STEUERNR" | "PAN" | "OTHER";
  country: string | null;
  index: number;
}

const TAX_PATTERNS: { re: RegExp; scheme: TaxId["scheme"]; country: (v: string) => string | null }[] = [
  { re: /\b\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]\b/g, scheme: "GSTIN", country: () => "IN" },
  { re: /\b[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}\b/g, scheme: "RFC", country: () => "MX" },
  { re: /\b(?:DE\s?\d{9}|ATU\d{8}|FR\s?[0-9A-Z]{2}\s?\d{3}\s?\d{3}\s?\d{3}|ES\s?[A-Z0-9]\d{7}[A-Z0-9]|GB\s?\d{3}\s?\d{4}\s?\d{2}|IT\d{11}|NL\d{9}B\d{2}|BE0?\d{9})\b/g, scheme: "VAT", country: (v) => v.slice(0, 2) },
  { re: /\b\d{3}\s?\d{3}\s?\d{3}\s?\d{5}\b/g, scheme: "SIRET", country: () => "FR" },
  { re: /\b\d{2,3}\/\d{3}\/\d{4,5}\b/g, scheme: "STEUERNR", country: () => "DE" },
  { re: /\b\d{2}-\d{7}\b/g, scheme: "EIN", country: () => "US" },
];

/** Tax identifiers in text: RFC (MX), EU VAT / USt-IdNr / TVA intracom, SIRET, GSTIN (IN), Steuernummer, US EIN. */
export function findTaxIds(text: string): TaxId[] {
  const out: TaxId[] = [];
  for (const p of TAX_PATTERNS) {
    for (const m of text.matchAll(p.re)) {
      const index = m.index ?? 0;
      if (out.some((o) => index >= o.index && index < o.index + o.value.length)) continue;
      if (p.scheme === "RFC" && /^(DE|FR|ES|GB|ATU)\d/.test(m[0])) continue;
      out.push({ value: m[0].replace(/\s+/g, p.scheme === "SIRET" ? " " : ""), scheme: p.scheme, country: p.country(m[0]), index });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

// ---- language and number conventions ---------------------------------------------------------------

const LANG_WORDS: Record<Lang, RegExp> = {
  en: /\b(invoice|date|due|total|amount|qty|quantity|description|price|bill|tax|subtotal|payment|terms|balance|the|and|thank)\b/g,
  es: /\b(factura|fecha|vencimiento|total|importe|cantidad|descripcion|precio|unitario|cliente|iva|subtotal|pago|folio|emisor|receptor|de|del|la|el)\b/g,
  de: /\b(rechnung|datum|rechnungsdatum|faellig|fallig|gesamt|betrag|menge|beschreibung|bezeichnung|preis|einzelpreis|kunde|mwst|ust|netto|brutto|zwischensumme|und|der|die|das)\b/g,
  fr: /\b(facture|date|echeance|total|montant|quantite|qte|designation|prix|unitaire|client|tva|ht|ttc|paiement|le|la|les|des|du)\b/g,
};

/** Guess the language, decimal mark and date order of a document from its text. */
export function detectLocale(text: string): DocLocale {
  const f = fold(text);
  let lang: Lang = "en";
  let best = -1;
  for (const l of Object.keys(LANG_WORDS) as Lang[]) {
    const n = (f.match(LANG_WORDS[l]) ?? []).length;
    if (n > best) {
      best = n;
      lang = l;
    }
  }
  const commaDec = (text.match(/\d\.\d{3},\d{2}\b|\d[ \u00a0\u202f]\d{3},\d{2}\b|(?<![\d.,])\d{1,3},\d{2}(?![\d.,])/g) ?? []).length;
  const dotDec = (text.match(/\d,\d{3}\.\d{2}\b|\d[ \u00a0\u202f]\d{3}\.\d{2}\b|\d,\d{2},\d{3}\.\d{2}\b|(?<![\d.,])\d{1,3}\.\d{2}(?![\d.,])/g) ?? []).length;
  const decimal: DecimalMark = commaDec > dotDec ? "," : dotDec > commaDec ? "." : lang === "de" || lang === "fr" || lang === "es" ? "," : ".";
  // Numeric dates: US English is month-first; India, UK, Mexico, Germany, France are day-first.
  const indian = /\bGSTIN\b|₹|\bINR\b|\bRs\.?\s?\d/.test(text);
  const british = /£|\bGBP\b|\bVAT Reg/i.test(text);
  const dayFirst = lang !== "en" || indian || british;
  return { lang, decimal, dayFirst };
}
