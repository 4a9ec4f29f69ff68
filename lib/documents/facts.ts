// Key facts of a document, each with the page and the span it came from: parties, dates (due, expiry, issue,
// start), amounts, and ids (invoice numbers, RFC/VAT ids, policy numbers, VINs, plates, IBANs). Labels in
// Spanish, English, German and French; values read with the same parsers as the invoice reader.

import { detectLocale, findAmounts, findDates, findTaxIds } from "@/lib/extraction/parse";
import { foldText } from "./text";
import type { PageText } from "./chunk";

export interface Fact {
  type: "party" | "due_date" | "expiry_date" | "start_date" | "issue_date" | "date" | "amount" | "invoice_number" | "tax_id" | "policy_number" | "vin" | "plate" | "iban";
  label: string;
  value: string;
  page: number;
  start: number;
  end: number;
}

const DATE_LABELS: { type: Fact["type"]; label: string; re: RegExp }[] = [
  { type: "due_date", label: "Due date", re: /(fecha (de )?vencimiento|vence|vencimiento|due date|due on|payment due|pay by|faellig|fallig|zahlbar bis|echeance|date limite)/ },
  { type: "expiry_date", label: "Expiry / end date", re: /(fin de (la )?vigencia|vigencia hasta|vigente hasta|hasta el|fecha de (terminacion|expiracion|fin)|expira|caduca|expiry|expiration|expires|end date|valid until|valid to|termination date|ablauf|gultig bis|date d.expiration|date de fin)/ },
  { type: "start_date", label: "Start date", re: /(inicio de (la )?vigencia|vigencia desde|desde el|fecha de inicio|effective date|start date|commencement|valid from|beginn|date d.effet)/ },
  { type: "issue_date", label: "Issue date", re: /(fecha de (emision|expedicion|factura)|fecha:|invoice date|issue date|date of issue|dated|rechnungsdatum|date de facture|date d.emission)/ },
];

const AMOUNT_LABEL = /(total( a pagar| due| amount)?|importe( total)?|prima( total| neta)?|premium|amount due|balance due|suma asegurada|sum insured|deducible|deductible|gesamtbetrag|montant( total)?|net a payer)/;

// A label and its value stand on one line: "INVOICE" in a heading is not the label of the street number below it.
const ID_PATTERNS: { type: Fact["type"]; label: string; re: RegExp; group?: number }[] = [
  { type: "invoice_number", label: "Invoice number", re: /(?:factura|invoice|rechnung|facture|folio)[ \t]*(?:n[oº°]\.?|n[uú]m(?:ero|ber)?\.?|#|nr\.?)?[ \t]*[:#]?[ \t]*([A-Z]{0,6}[-/]?\d[\w-/]{2,20})/gi, group: 1 },
  { type: "policy_number", label: "Policy number", re: /(?:p[oó]liza|policy|police|polizze|contrato|contract)[ \t]*(?:n[oº°]\.?|n[uú]m(?:ero|ber)?\.?|#|nr\.?)?[ \t]*[:#]?[ \t]*([A-Z]{0,6}[-/]?\d[\w-/]{3,24})/gi, group: 1 },
  { type: "vin", label: "VIN", re: /\b([A-HJ-NPR-Z0-9]{17})\b/g, group: 1 },
  { type: "plate", label: "Plate", re: /(?:placas?|matr[ií]cula|plate|kennzeichen|immatriculation)[ \t]*(?:n[oº°]\.?)?[ \t]*[:#]?[ \t]*([A-Z0-9]{1,4}[- ]?[A-Z0-9]{2,4}(?:[- ][A-Z0-9]{1,4})?)\b/gi, group: 1 },
  { type: "iban", label: "IBAN", re: /\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?)\b/g, group: 1 },
];

const PARTY_LABELS = /^(?:\s*)(asegurado|tomador|contratante|beneficiario|proveedor|emisor|receptor|cliente|vendedor|comprador|arrendador|arrendatario|insured|policyholder|insurer|aseguradora|vendor|supplier|seller|buyer|customer|bill to|sold to|client|landlord|tenant|contractor|lieferant|kunde|versicherungsnehmer|fournisseur|assure)\s*[:\-]\s*(.{3,80})$/i;

function lineAt(text: string, index: number) {
  const s = text.lastIndexOf("\n", index - 1) + 1;
  const e = text.indexOf("\n", index);
  return { start: s, end: e < 0 ? text.length : e };
}

/** Key facts of one document. At most a handful per type, first occurrence first. */
export function extractFacts(pages: PageText[]): Fact[] {
  const all = pages.map((p) => p.text).join("\n");
  const locale = detectLocale(all.slice(0, 30_000));
  const out: Fact[] = [];
  const seen = new Set<string>();
  const add = (f: Fact) => {
    const k = `${f.type}:${f.value}`;
    if (seen.has(k) || out.filter((o) => o.type === f.type).length >= 6) return;
    seen.add(k);
    out.push(f);
  };
  for (const p of pages) {
    const folded = foldText(p.text);
    // dates, typed by the label before them on the same line (or the line above)
    for (const d of findDates(p.text, locale.dayFirst)) {
      const line = lineAt(folded, d.index);
      const before = folded.slice(Math.max(0, line.start - 60), d.index);
      const label = DATE_LABELS.find((l) => l.re.test(before.slice(-80)));
      const end = d.index + (p.text.slice(d.index).match(/^[^\n]{0,40}?\d{4}|^[^\n]{0,12}\d{2}/)?.[0].length ?? 10);
      add({ type: label?.type ?? "date", label: label?.label ?? "Date", value: d.iso, page: p.page, start: d.index, end });
    }
    for (const a of findAmounts(p.text, locale.decimal)) {
      const line = lineAt(folded, a.index);
      const before = folded.slice(line.start, a.index);
      const m = before.match(AMOUNT_LABEL);
      if (!m) continue;
      if (Number(a.value) === 0) continue;
      add({ type: "amount", label: m[0].replace(/^./, (c) => c.toUpperCase()), value: a.value, page: p.page, start: a.index, end: a.index + a.raw.length });
    }
    for (const t of findTaxIds(p.text)) {
      add({ type: "tax_id", label: t.scheme === "OTHER" ? "Tax id" : t.scheme === "VAT" ? "VAT id" : t.scheme, value: t.value, page: p.page, start: t.index, end: t.index + t.value.length });
    }
    for (const idp of ID_PATTERNS) {
      for (const m of p.text.matchAll(idp.re)) {
        const v = m[idp.group ?? 0];
        if (idp.type === "vin" && !(/\d/.test(v) && /[A-Z]/.test(v))) continue;
        if (idp.type === "iban" && !/^[A-Z]{2}\d{2}/.test(v)) continue;
        const start = (m.index ?? 0) + m[0].lastIndexOf(v);
        add({ type: idp.type, label: idp.label, value: v.trim(), page: p.page, start, end: start + v.length });
      }
    }
    let at = 0;
    for (const line of p.text.split("\n")) {
      const m = line.match(PARTY_LABELS);
      if (m) {
        const value = m[2].trim().replace(/\s{2,}.*$/, "");
        const start = at + line.indexOf(m[2]);
        // two columns read as one line ("Bill To:  Invoice No:"): a value that is itself a label is no party
        if (/[a-z]/i.test(value) && !/:\s*$/.test(value)) add({ type: "party", label: m[1].replace(/^./, (c) => c.toUpperCase()), value, page: p.page, start, end: start + value.length });
      }
      at += line.length + 1;
    }
  }
  const order: Fact["type"][] = ["party", "invoice_number", "policy_number", "tax_id", "due_date", "expiry_date", "start_date", "issue_date", "amount", "vin", "plate", "iban", "date"];
  return out.sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.page - b.page || a.start - b.start);
}
