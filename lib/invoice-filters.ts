import { invoiceStatuses, type InvoiceStatus } from "@/db/schema/invoices";
import { type InvoiceFilter, type InvoiceSort, invoiceSortKeys } from "@/db/queries/invoices/list";

// The invoices table's filters live in the URL, so the page, the export and a shared link all mean the same set.

const isoDate = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined);

export function parseInvoiceFilter(workspaceId: string, p: URLSearchParams): InvoiceFilter {
  const status = p.get("status");
  const conf = p.get("confidence");
  const dup = p.get("duplicate");
  return {
    workspaceId,
    status: invoiceStatuses.includes(status as InvoiceStatus) ? (status as InvoiceStatus) : undefined,
    vendor: p.get("vendor")?.trim() || undefined,
    currency: /^[A-Z]{3}$/.test(p.get("currency") ?? "") ? p.get("currency")! : undefined,
    from: isoDate(p.get("from")),
    to: isoDate(p.get("to")),
    maxConfidence: conf === "low" ? 0.8 : undefined,
    minConfidence: conf === "high" ? 0.95 : undefined,
    duplicate: dup === "yes" ? true : dup === "no" ? false : undefined,
    q: p.get("q")?.trim() || undefined,
  };
}

export function parseInvoiceSort(p: URLSearchParams): InvoiceSort {
  const [key, dir] = (p.get("sort") ?? "").split(".");
  return {
    key: (invoiceSortKeys as readonly string[]).includes(key) ? (key as InvoiceSort["key"]) : "createdAt",
    dir: dir === "asc" ? "asc" : "desc",
  };
}
