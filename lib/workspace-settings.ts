import { headerFields, type HeaderField } from "@/lib/extraction/types";

// Workspace choices with their defaults, and the one rule that turns them into an invoice's review decision:
// a field the document does not carry is "not on the document", not a doubt — unless the workspace requires it;
// a field that is there must reach the workspace's threshold. Used when an invoice is read, edited or re-decided,
// and by the review page to say which fields need a look and why.

export interface InvoiceSettingsInput {
  requiredFields?: string[];
  reviewThreshold?: number;
}

export interface InvoiceRules {
  requiredFields: HeaderField[];
  /** Confidence every field on the document must reach for the invoice to be ready (0..1). */
  reviewThreshold: number;
}

/** What an invoice needs to be booked: who, which, when, how much, in what money. */
export const DEFAULT_REQUIRED_FIELDS: HeaderField[] = ["invoiceNumber", "issueDate", "vendorName", "currency", "total"];
export const DEFAULT_REVIEW_THRESHOLD = 0.8;

export const HEADER_FIELD_LABELS: Record<HeaderField, string> = {
  invoiceNumber: "Invoice number",
  issueDate: "Issue date",
  dueDate: "Due date",
  vendorName: "Vendor",
  vendorTaxId: "Vendor tax ID",
  vendorAddress: "Vendor address",
  billToName: "Bill to",
  currency: "Currency",
  subtotal: "Subtotal",
  taxAmount: "Tax",
  total: "Total",
};

const isHeaderField = (f: string): f is HeaderField => (headerFields as readonly string[]).includes(f);

export function invoiceRules(settings: InvoiceSettingsInput | undefined | null): InvoiceRules {
  const required = settings?.requiredFields?.filter(isHeaderField);
  const t = settings?.reviewThreshold;
  return {
    requiredFields: required && required.length ? required : DEFAULT_REQUIRED_FIELDS,
    reviewThreshold: typeof t === "number" && t >= 0 && t <= 1 ? t : DEFAULT_REVIEW_THRESHOLD,
  };
}

/**
 * One field's state for review: "absent" (not on the document, not required — nothing to check), "missing"
 * (required but not found), "unsure" (found below the threshold), "sure" (found at or above it), "edited" (a
 * person set it).
 */
export type FieldState = "absent" | "missing" | "unsure" | "sure" | "edited";

export function fieldState(
  field: HeaderField,
  value: string | null | undefined,
  confidence: number | undefined,
  rules: InvoiceRules,
  edited = false,
): FieldState {
  if (edited) return "edited";
  const present = value !== null && value !== undefined && String(value).trim() !== "";
  if (!present) return rules.requiredFields.includes(field) ? "missing" : "absent";
  return (confidence ?? 0) >= rules.reviewThreshold ? "sure" : "unsure";
}

export type InvoiceValues = Partial<Record<HeaderField, string | null>>;

/** The fields that keep an invoice in review, each with the reason, in the order of the header. */
export function fieldsNeedingReview(inv: { values: InvoiceValues; confidence: Partial<Record<string, number>>; editedFields?: string[] }, rules: InvoiceRules) {
  const out: { field: HeaderField; state: "missing" | "unsure"; confidence: number }[] = [];
  for (const f of headerFields) {
    const s = fieldState(f, inv.values[f], inv.confidence[f], rules, inv.editedFields?.includes(f));
    if (s === "missing" || s === "unsure") out.push({ field: f, state: s, confidence: inv.confidence[f] ?? 0 });
  }
  return out;
}

/**
 * The confidence the list shows and filters by: the weakest field that counts — fields on the document and
 * required ones (a required field that is missing counts as 0). Fields the document simply does not carry do not.
 */
export function weakestConfidence(inv: { values: InvoiceValues; confidence: Partial<Record<string, number>>; editedFields?: string[] }, rules: InvoiceRules): number {
  let min = 1;
  for (const f of headerFields) {
    const s = fieldState(f, inv.values[f], inv.confidence[f], rules, inv.editedFields?.includes(f));
    if (s === "absent") continue;
    const c = s === "edited" ? 1 : s === "missing" ? 0 : (inv.confidence[f] ?? 0);
    min = Math.min(min, c);
  }
  return Math.max(0, Math.min(1, min));
}

/** Ready when no field needs a look, no check failed and it is not a suspected duplicate. */
export function decideInvoiceStatus(
  inv: { values: InvoiceValues; confidence: Partial<Record<string, number>>; editedFields?: string[]; issues: unknown[]; duplicateOfId: string | null },
  rules: InvoiceRules,
): "needs_review" | "ready" {
  if (inv.issues.length > 0 || inv.duplicateOfId) return "needs_review";
  return fieldsNeedingReview(inv, rules).length > 0 ? "needs_review" : "ready";
}
