// Line items from table geometry: a header row — possibly set over several lines ("Positions-" / "betrag" /
// "ohne USt.") — names the columns (description, quantity, unit price, amount, tax rate, other); each row below is cut
// into those columns by x; a row whose amount sits on the line under it is completed from there; the table ends at
// the totals. Header words in en, de, fr, es, nl, it, pt.

import { allowanceSign, isSummaryLabel } from "./header";
import { LABELS, TABLE_HEADERS } from "./labels";
import { foldKeep, type Line, type Segment } from "./layout";
import { findAmounts, parseAmount, toMoney, type DocLocale } from "./parse";
import type { LineItem } from "./types";

type Col = "description" | "quantity" | "unitPrice" | "amount" | "tax" | "other";
interface Column {
  col: Col;
  x: number;
  x2: number;
  /** An amount-like head that may turn out to be a quantity ("Amount | Product | Price | Total"). */
  amountWord?: boolean;
}

/** Column heads by meaning; the first family that matches decides. */
const HEADS: [Col, RegExp][] = [
  // reference columns: position, article number, GTIN, unit of measure, date
  ["other", /^(pos|pos\.|position|#|nr|nr\.|no|no\.|n°|gtin|ean|sku|code|ref|ref\.|reference|einheit|unit|uom|me|vke\b.*|date|datum|fecha|art|art\.|art\s?\(.*)$|(nr|nr\.|nummer|number|no|no\.|n°|code|#)$/],
  // units of measure and discounts: their cells are neither quantities nor amounts
  ["other", /^(meng\.?\s?-?\s?einheit|mengeneinheit|unite|un|un\.|u\.\s?m\.?|um|eenheid|unidad|unita|unidade|ud|ud\.|rabatt|remise|sconto|korting|dto\.?|descuento|desconto|discount)(\s*%)?$/],
  ["tax", /^(ust|mwst|vat|tax|tva|iva|btw|gst|igst|cgst|sgst)\.?(\s*(%|rate|satz|-?satz|code|cat\w*))?$|^(steuer(satz|schlussel|kategorie)?|tax rate|vat rate|vat %|taux( tva)?|tasa|aliquota|%)$|^(ust|mwst|vat|tva|iva|btw)[\s.-]*%|^(aliquota|aliq\.?|taxa|tarief|code|taux de)\s*(iva|btw|tva)?$/],
  ["unitPrice", /unit price|unit cost|price\/unit|per unit|einzel|stuckpreis|stukprijs|stuksprijs|eenheidsprijs|prijs per|stundensatz|tagessatz|prix unit|p\.?\s?u\b|^pu\b|precio unit|valor unit|prezzo unit|preco unit|preço unit|^(nettopreis|bruttopreis|preis|price|prix|precio|prezzo|prijs|preco|tarif|rate|e-?preis|ep|listenpreis)\b/],
  ["quantity", /^(qty|qty\.|quantity|menge|anzahl|anz\.?|qte|qte\.|quantite|cantidad|cant\.?|unidades|unid\.?|uds\.?|quantita|qta|q\.\s?ta|quant\.?|pezzi|pz\.?|aantal|stuks|qtd\.?|quantidade|units|pcs|pieces|hrs|hours|stunden|std\.?|stk\.?|nombre|nb|days|tage)\b/],
  ["amount", /betrag|gesamt|total|amount|montant|importe|importo|bedrag|valor|wert|summe|entgelt|prix total|ammontare|totaal|totale|imponibile|^netto$|^net$|^ht$|^gp$/],
  ["description", /description|descripcion|descrizione|omschrijving|descricao|beschreibung|bezeichnung|leistung|artikel|designation|designacao|libelle|article|prestation|produkt|produit|product|item|details|particulars|concepto|producto|servicio|service|articulo|dienst|text/],
];

/**
 * Heads are looked for on every line of a span, each line's segments again in every stacked block it starts or ends
 * (a 100-page contract read as an unsure invoice has thousands), so a head's text and column are worked out once per
 * distinct text. Bounded: a long-running server reads many documents.
 */
function memo<T>(fn: (text: string) => T, max = 20000): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    if (known.has(text)) return known.get(text)!;
    if (known.size >= max) known.clear();
    const v = fn(text);
    known.set(text, v);
    return v;
  };
}

/** A head's text without currency marks and units: "Gesamt/€" → "gesamt", "Amount (EUR)" → "amount". */
const headText = memo((text: string): string =>
  foldKeep(text)
    .replace(/\(\s*(?:[a-z]{3}|€|\$|£)\s*\)|\[\s*(?:[a-z]{3}|€|%)\s*\]|\/\s*(?:€|[a-z]{3})\b|\bin (?:€|eur|usd|chf)\b|[€$£]/g, " ")
    .replace(/-\s+(?=[a-z])/g, "")
    .replace(/\s+/g, " ")
    .replace(/[:.]+$/, "")
    .trim(),
);

const colOf = memo((text: string): Col | null => {
  const t = headText(text);
  if (!t || /\d{2,}/.test(t)) return null;
  // the generic reader's head words still count (generated layouts rely on them)
  for (const c of ["description", "quantity", "unitPrice", "amount"] as const) if (TABLE_HEADERS[c].test(t)) return c;
  return HEADS.find(([, re]) => re.test(t))?.[0] ?? null;
});

/** The generic reader's head word a text is exactly ("Qty", "Unit price"), if any. */
const exactHead = memo((text: string) => (["description", "quantity", "unitPrice", "amount"] as const).find((c) => TABLE_HEADERS[c].test(headText(text))) ?? null);

function headerFromSegments(segs: Segment[]): Column[] | null {
  const cols: Column[] = [];
  const unnamed: Column[] = [];
  const exact = exactHead;
  for (const s of segs) {
    const words0 = s.text.split(" ");
    // two plain heads read as one segment take the split below, however the whole would classify
    const twoHeads = words0.some((_, k) => {
      if (k === 0) return false;
      const a = exact(words0.slice(0, k).join(" "));
      const b = a && exact(words0.slice(k).join(" "));
      return !!b && a !== b;
    });
    // a rate head set close to the amount head ("MwSt-% Nettowert") is two heads, not one tax head
    const whole = twoHeads ? null : colOf(s.text);
    const c = whole === "tax" || whole === "other" ? (splitHeads(s.text) ? null : whole) : whole;
    if (c) {
      cols.push({ col: c, x: s.x, x2: s.x2, amountWord: c === "amount" });
      continue;
    }
    // two heads set close together read as one segment ("Cantidad Descripción"): split at a word boundary
    const words = s.text.split(" ");
    for (let k = 1; k < words.length; k++) {
      const left = words.slice(0, k).join(" ");
      const a = twoHeads ? exact(left) : colOf(left);
      const b = a ? (twoHeads ? exact(words.slice(k).join(" ")) : colOf(words.slice(k).join(" "))) : null;
      if (a && b && a !== b) {
        const cut = s.x + ((s.x2 - s.x) * (left.length + 0.5)) / s.text.length;
        cols.push({ col: a, x: s.x, x2: cut - 2 }, { col: b, x: cut + 2, x2: s.x2 });
        break;
      }
    }
    // a head we cannot name ("Art-Nr-Lieferant") still owns its column: its cells are not the neighbours' text
    if (!cols.some((x) => x.x >= s.x && x.x2 <= s.x2) && !/\d/.test(s.text) && s.text.split(" ").length <= 4) unnamed.push({ col: "other", x: s.x, x2: s.x2 });
  }
  cols.sort((a, b) => a.x - b.x);
  // several amount heads: the rightmost money column is the line amount (a net one before a gross one); an amount
  // head left of the description counts pieces ("Amount | Product | Price | Total")
  const amounts = cols.filter((c) => c.col === "amount");
  if (amounts.length > 1) {
    const desc = cols.find((c) => c.col === "description");
    for (const a of amounts) {
      if (desc && a.x < desc.x && !cols.some((c) => c.col === "quantity")) a.col = "quantity";
    }
    const left = cols.filter((c) => c.col === "amount");
    const net = left.filter((c) => /net|ht\b|ohne|excl|hors/.test(headTextAt(segs, c)));
    const keep = net.length ? net[net.length - 1] : left[left.length - 1];
    for (const a of left) if (a !== keep) a.col = "other";
  }
  const has = (c: Col) => cols.some((x) => x.col === c);
  const known = cols.filter((c) => c.col !== "other" && c.col !== "tax");
  const withUnnamed = () => [...cols, ...unnamed].sort((a, b) => a.x - b.x);
  if (known.length >= 3 && has("amount") && (has("description") || has("quantity"))) return withUnnamed();
  // the two-column list of a service invoice: "Désignation … Montant HT", "Description … Amount"
  if (known.length === 2 && has("amount") && has("description") && cols.length === 2 && !unnamed.length) return cols;
  return null;
}

/** Two heads of different columns, one of them the amount, read as one segment ("MwSt-% Nettowert"). */
function splitHeads(text: string): boolean {
  const w = text.split(" ");
  return w.some((_, k) => {
    if (k === 0) return false;
    const a = colOf(w.slice(0, k).join(" "));
    const b = colOf(w.slice(k).join(" "));
    return a !== null && b !== null && a !== b && (a === "amount" || b === "amount");
  });
}

function headTextAt(segs: Segment[], c: Column): string {
  return headText(segs.find((s) => s.x <= c.x + 1 && s.x2 >= c.x2 - 1)?.text ?? "");
}

/** Segments of several stacked header lines merged by column (x overlap), top to bottom. */
function mergeHeaderLines(block: Line[]): Segment[] {
  const all = block.flatMap((l) => l.segments).sort((a, b) => a.x - b.x);
  const merged: (Segment & { parts: Segment[] })[] = [];
  for (const s of all) {
    const m = merged.find((x) => Math.min(x.x2, s.x2) - Math.max(x.x, s.x) > -3);
    if (m) {
      m.parts.push(s);
      m.x = Math.min(m.x, s.x);
      m.x2 = Math.max(m.x2, s.x2);
    } else merged.push({ ...s, parts: [s] });
  }
  return merged.map((m) => ({
    ...m,
    text: m.parts
      .sort((a, b) => a.y - b.y)
      .map((p) => p.text)
      .join(" ")
      .replace(/-\s+(?=[a-zäöü])/g, ""),
  }));
}

/** The table header starting at line i (one line, or two to five stacked lines without amounts). */
function headerAt(lines: Line[], i: number): { cols: Column[]; used: number } | null {
  const one = headerFromSegments(lines[i].segments);
  // a head line without the description whose second line names it ("GTIN  Menge  Preis" / "Artikelbezeichnung")
  if (one && one.some((c) => c.col === "description")) return { cols: one, used: 1 };
  const stacked = stackedHeader(lines, i);
  if (one && !stacked?.cols.some((c) => c.col === "description")) return { cols: one, used: 1 };
  return stacked;
}

function stackedHeader(lines: Line[], i: number): { cols: Column[]; used: number } | null {
  for (let n = 2; n <= 5 && i + n <= lines.length; n++) {
    const block = lines.slice(i, i + n);
    const a = block[n - 2];
    const b = block[n - 1];
    if (b.page !== a.page || b.y - a.y > Math.max(a.height, 8) * 2) break;
    // heads are set in one size: a larger line above them is a section title ("Positionsdaten"), not a head
    if (Math.abs(b.height - block[0].height) > Math.max(1.5, block[0].height * 0.2)) break;
    if (block.some((l) => /\d{3}/.test(l.text) || findAmounts(l.text, ",").some((x) => Number(x.value) >= 10))) break;
    const merged = mergeHeaderLines(block);
    // a header block is heads only: every merged column but one names a column
    if (merged.filter((m) => colOf(m.text) === null).length > 1) continue;
    const cols = headerFromSegments(merged);
    if (cols) return { cols, used: n + headTail(lines, i + n - 1) };
  }
  return null;
}

/** Lines that finish a stacked header ("ohne" / "USt." under "Positionsbetrag"): close, short words, no numbers. */
function headTail(lines: Line[], last: number): number {
  let k = 0;
  while (last + k + 1 < lines.length && k < 3) {
    const a = lines[last + k];
    const b = lines[last + k + 1];
    if (b.page !== a.page || b.y - a.y > Math.max(a.height, 8) * 1.6 || /\d/.test(b.text) || b.segments.some((s) => s.text.split(/\s+/).length > 2)) break;
    k++;
  }
  return k;
}

function assign(seg: Segment, cols: Column[]): Column {
  let best = cols[0];
  let bestScore = -Infinity;
  for (const c of cols) {
    const overlap = Math.min(seg.x2, c.x2) - Math.max(seg.x, c.x);
    const dist = Math.abs((seg.x + seg.x2) / 2 - (c.x + c.x2) / 2);
    const score = overlap > 0 ? 1000 + overlap : -dist;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

export const isSummaryLine = (l: Line) =>
  l.segments.some((s) => {
    const f = foldKeep(s.text);
    return LABELS.subtotal.test(f) || LABELS.tax.test(f) || (LABELS.total.test(f) && !TABLE_HEADERS.amount.test(f.trim()) && colOf(s.text) !== "amount");
  });

/** A section's sub-total line ("Sous-total Lot 1", "Zwischensumme", "Subtotal") whose amount is its rows' sum. */
function sectionSubtotal(line: Line, section: LineItem[], loc: DocLocale): boolean {
  if (!section.length || !line.segments.some((s) => LABELS.subtotal.test(foldKeep(s.text)))) return false;
  const a = findAmounts(line.text, loc.decimal);
  if (!a.length) return false;
  const cents = (v: string | null) => Math.round(Number(v ?? 0) * 100);
  return section.reduce((t, it) => t + cents(it.amount), 0) === cents(a[a.length - 1].value);
}

/** The leading number of a quantity cell: "2 Stk" → 2, "30 Meter" → 30, "1,5 h" → 1.5. */
function quantityOf(text: string, loc: DocLocale): string | null {
  // a unit may carry a plural in brackets or a power: "2 Tag(e)", "3 Stück", "12 m²"
  const m = /^\s*(-?\d[\d.,' ]*?)(?:\s*[a-zA-ZÀ-ÿ.%]+(?:\([a-zà-ÿ]{1,3}\))?[²³]?\.?)?\s*$/.exec(text);
  if (!m || /%/.test(text)) return null;
  return parseAmount(m[1].trim(), loc.decimal);
}

/** Read the line items of a span; also returns the lines used (so totals are not looked for in them). */
export function readTable(lines: Line[], loc: DocLocale): { items: LineItem[]; rowLines: Set<Line>; confidence: number } {
  const items: LineItem[] = [];
  const rowLines = new Set<Line>();
  let cols: Column[] | null = null;
  let last: { item: LineItem; line: Line } | null = null;
  let pending: { item: LineItem; line: Line } | null = null;
  let rowAdjust: { item: LineItem; line: Line; cents: number } | null = null;
  let consistent = 0;
  // after a section's sub-total ("Sous-total Lot 1  650,00" under the lot's rows, summing them): the table goes on
  // only if a full row follows (quantity × price = amount); the first item of the section still to be summed
  let resuming = false;
  let sectionStart = 0;
  const push = (item: LineItem, line: Line) => {
    if (rowAdjust && rowAdjust.item.amount !== null) {
      rowAdjust.item.amount = toMoney(((Math.round(Number(rowAdjust.item.amount) * 100) + rowAdjust.cents) / 100).toFixed(2));
      rowLines.add(rowAdjust.line);
    }
    rowAdjust = null;
    items.push(item);
    rowLines.add(line);
    return { item, line };
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const header = headerAt(lines, i);
    if (header) {
      cols = header.cols;
      for (const l of lines.slice(i, i + header.used)) rowLines.add(l);
      i += header.used - 1;
      last = null;
      pending = null;
      rowAdjust = null;
      resuming = false;
      sectionStart = items.length;
      continue;
    }
    if (!cols) continue;
    if (isSummaryLine(line)) {
      const kept: Column[] = cols;
      cols = null;
      pending = null;
      if (!resuming && sectionSubtotal(line, items.slice(sectionStart), loc)) {
        cols = kept;
        resuming = true;
        last = null;
        sectionStart = items.length;
      } else resuming = false;
      continue;
    }
    // distance from the last row read, a row still waiting for its amount included
    const prev = pending ?? last;
    const far = prev !== null && line.page === prev.line.page && line.y - prev.line.y > line.height * 6;
    const byCol = new Map<Col, string[]>();
    for (const s of line.segments) {
      const c = assign(s, cols);
      // a rate ("19 %") is never a quantity, price or amount
      const col = /%\s*$/.test(s.text.trim()) && c.col !== "description" ? "tax" : c.col;
      byCol.set(col, [...(byCol.get(col) ?? []), s.text]);
    }
    const num = (c: Col) => {
      const t = byCol.get(c)?.join(" ");
      if (!t) return null;
      const a = findAmounts(t, loc.decimal);
      return a.length ? a[a.length - 1].value : parseAmount(t, loc.decimal);
    };
    const amount = num("amount");
    const descText = byCol.get("description")?.join(" ").trim() || null;
    const qtyText = byCol.get("quantity")?.join(" ");
    let quantity = qtyText ? quantityOf(qtyText, loc) : null;
    let unitPrice = num("unitPrice");
    if (resuming) {
      // a section's heading ("Lot 2 : Peinture") waits for the row under it; anything but a full row ends the table
      if (amount === null && quantity === null && unitPrice === null) continue;
      const full = amount !== null && quantity !== null && unitPrice !== null && descText !== null && Math.abs(Number(quantity) * Number(unitPrice) - Number(amount)) <= 0.011;
      resuming = false;
      if (!full) {
        cols = null;
        pending = null;
        continue;
      }
    }
    // the totals under the table end it ("Rechnungssumme Netto (excl. USt.)  473,00"), whatever column they fall in
    const words = line.segments.filter((s) => !findAmounts(s.text, loc.decimal).length).map((s) => s.text).join(" ");
    const label = foldKeep(words).replace(/\s+/g, " ").trim().slice(-45);
    // an allowance or charge set between two rows ("abzgl. 16,7 % Rabatt  -2,00") belongs to the row above it; it
    // is only applied once another row follows (under the last row it may be the whole invoice's)
    if (amount !== null && quantity === null && unitPrice === null && last && !far && allowanceSign(label)) {
      rowAdjust = { item: last.item, line, cents: allowanceSign(label) * Math.abs(Math.round(Number(amount) * 100)) };
      continue;
    }
    // an allowance or charge with its base ("Abschlag Sondernachlass  10 %  137,30  -13,73") is not an item
    if (amount !== null && quantity === null && allowanceSign(label)) continue;
    if (amount !== null && quantity === null && unitPrice === null && isSummaryLabel(label)) {
      cols = null;
      pending = null;
      rowAdjust = null;
      continue;
    }
    // far below the last row only a full row (quantity or price, its amount on this line or the next) continues it
    if (far && quantity === null && unitPrice === null) {
      if (amount !== null) {
        cols = null;
        pending = null;
      }
      continue;
    }
    if (amount === null) {
      // a continuation line: description text, maybe a reference (article number) in an "other" column
      const onlyText = line.segments.every((s) => assign(s, cols!).col === "description" || (assign(s, cols!).col === "other" && !findAmounts(s.text, loc.decimal).length));
      if (descText && onlyText && last && line.page === last.line.page && line.y - last.line.y < line.height * 2.5) {
        last.item.description = `${last.item.description ?? ""} ${descText}`.trim();
        rowLines.add(line);
        last.line = line;
      } else if (quantity !== null || unitPrice !== null) {
        // a row whose amount is set on the line below ("Mineralwasser | 5,49 | 20 Stk" / "109,80")
        pending = { item: { description: descText, quantity, unitPrice: unitPrice !== null ? toMoney(unitPrice) : null, amount: null }, line };
        rowLines.add(line);
      }
      continue;
    }
    if (pending && quantity === null && unitPrice === null && line.y - pending.line.y < line.height * 3) {
      const item = { ...pending.item, amount: toMoney(amount) };
      if (descText && !item.description) item.description = descText;
      last = push(item, line);
      pending = null;
      continue;
    }
    pending = null;
    // an amount alone, with no description, quantity or price, is not a line
    if (!descText && quantity === null && unitPrice === null) continue;
    if (quantity && unitPrice && Math.abs(Number(quantity) * Number(unitPrice) - Number(amount)) > 0.011) {
      // columns read in a different order than the header suggests: keep the pair whose product is the amount
      const swapped = [unitPrice, quantity];
      if (Math.abs(Number(swapped[0]) * Number(swapped[1]) - Number(amount)) <= 0.011) [quantity, unitPrice] = swapped;
    } else if (quantity && unitPrice) consistent++;
    const item: LineItem = {
      description: descText,
      quantity: quantity !== null ? quantity.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "") : null,
      unitPrice: unitPrice !== null ? toMoney(unitPrice) : null,
      amount: toMoney(amount),
    };
    last = push(item, line);
  }
  for (const it of items) if (it.quantity !== null) it.quantity = it.quantity.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  const confidence = items.length === 0 ? 0 : 0.7 + 0.25 * (consistent / items.length);
  return { items, rowLines, confidence };
}

/**
 * A list without column heads above the totals, as insurers and service letters set it ("Privathaftpflicht  50,00 €" /
 * "Lebensgefährte/in zur Privathaftpflicht  0,00 €" / "Gesamtbeitrag  50,00 €"): the label-and-amount lines directly
 * above the line that states the net, their amounts flush with its amount, text-only lines under one of them its
 * description. Read only when their amounts add up to the net exactly; otherwise (gross prices, a list that is not
 * the invoice's items) nothing is read.
 */
export function listAboveNet(lines: Line[], loc: DocLocale, net: string): LineItem[] {
  const cents = (v: string) => Math.round(Number(v) * 100);
  const want = cents(net);
  /** The line's label and its one amount, set last on the line in a segment of its own. */
  const labelled = (l: Line) => {
    const last = l.segments[l.segments.length - 1];
    if (l.segments.length < 2 || !last) return null;
    const a = findAmounts(last.text, loc.decimal);
    const rest = l.segments.slice(0, -1);
    if (a.length !== 1 || /%/.test(last.text) || rest.some((s) => findAmounts(s.text, loc.decimal).length)) return null;
    const label = rest.map((s) => s.text).join(" ").trim();
    if (!/\p{L}{3}/u.test(label)) return null;
    return { label, amount: a[0].value, seg: last };
  };
  for (let i = 0; i < lines.length; i++) {
    const netLine = labelled(lines[i]);
    if (!netLine || cents(netLine.amount) !== want || !isSummaryLabel(foldKeep(netLine.label))) continue;
    const right = netLine.seg.x2;
    const found: { label: string; amount: string; extra: string[] }[] = [];
    let text: string[] = [];
    let below = lines[i];
    for (let k = i - 1; k >= 0; k--) {
      const l = lines[k];
      if (l.page !== below.page || below.y - l.y > Math.max(below.height, l.height) * 2.2 || Math.abs(l.height - below.height) > 1.5) break;
      below = l;
      const row = labelled(l);
      if (row && Math.abs(row.seg.x2 - right) <= 4) {
        const f = foldKeep(row.label);
        if (isSummaryLabel(f) || allowanceSign(f)) break;
        found.unshift({ label: row.label, amount: row.amount, extra: text });
        text = [];
        continue;
      }
      // a line of text left of the amounts: the description of the row above it, or a heading over the list
      if (l.segments.every((s) => s.x2 < right - 40 && !/%\s*$/.test(s.text))) {
        text = [l.text, ...text];
        continue;
      }
      break;
    }
    if (!found.length || found.reduce((s, r) => s + cents(r.amount), 0) !== want) return [];
    return found.map((r) => ({ description: [r.label, ...r.extra].join(" ").replace(/\s+/g, " ").trim(), quantity: null, unitPrice: null, amount: toMoney(r.amount) }));
  }
  return [];
}
