import { headerFields, type HeaderField, type HeaderValues } from "@/lib/extraction/types";
import { UserError } from "@/lib/errors";

// Invoice values as they are stored and compared: money and decimals as fixed-point strings, vendor names and
// invoice numbers reduced to the keys duplicates are found by, and a typed field value checked.

/** Every header field of an invoice (the list the readers extract), picked from a row or form that has them. */
export function headerValues(inv: Partial<Record<HeaderField, string | null>>): HeaderValues {
  return Object.fromEntries(headerFields.map((f) => [f, inv[f] ?? null])) as HeaderValues;
}

export const normalizeVendorName = (name: string) =>
  name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[.,']/g, " ")
    .replace(/\b(s\s*a\s*de\s*c\s*v|s\s*de\s*r\s*l(\s*de\s*c\s*v)?|sa|sas|sarl|gmbh|ag|inc|llc|ltd|limited|corp|co|pvt)\b/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();

/** "INV-0001", "inv 1" and "No. 001" are the same number; "A-1" and "B-1" are not. */
export const normalizeInvoiceNumberKey = (n: string) =>
  n
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "")
    .replace(/^(INVOICE|INV|FACTURA|FACT|FAC|RECHNUNG|FACTURE|NO|NR|NUM|N)(?=\d)/, "")
    .replace(/^0+(?=\d)/, "");

export const money = (v: string | number | null | undefined): string | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(String(v).replace(/[^0-9.-]/g, ""));
  return Number.isFinite(n) ? n.toFixed(2) : null;
};

export const decimal = (v: string | number | null | undefined, places = 4): string | null => {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) ? n.toFixed(places) : null;
};

/** Normalise a value typed by a person for a field, or explain why it is not acceptable. */
export function parseFieldValue(field: HeaderField, raw: string | null): string | null {
  const v = raw?.trim() ?? "";
  if (v === "") return null;
  if (field === "issueDate" || field === "dueDate") {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new UserError(`${field}: use a date like 2024-03-05.`);
    return v;
  }
  if (field === "currency") {
    if (!/^[A-Za-z]{3}$/.test(v)) throw new UserError("currency: use a 3-letter ISO 4217 code such as MXN, USD or EUR.");
    return v.toUpperCase();
  }
  if (field === "subtotal" || field === "taxAmount" || field === "total") {
    const n = Number(v.replace(/[\s,]/g, ""));
    if (!Number.isFinite(n)) throw new UserError(`${field}: "${v}" is not an amount; type it like 1234.56.`);
    return n.toFixed(2);
  }
  return v;
}
