import type { Db } from "@/db/client";
import { iterateInvoices, iterateLineItems } from "@/db/queries/invoices/exports";
import { requireWorkspaceRole, type Session } from "@/lib/action";
import { parseInvoiceFilter, parseInvoiceSort } from "@/lib/invoice-filters";
import { streamFrom, writeInvoicesCsv, writeInvoicesXlsx } from "./invoices";

/** The export download for a session: ?format=xlsx|csv plus the invoices table's filters and sort. Throws UserError when not allowed. */
export async function invoiceExportResponse(db: Db, session: Session | null, url: URL): Promise<Response> {
  const ctx = await requireWorkspaceRole(db, session, "viewer");
  const filter = parseInvoiceFilter(ctx.workspaceId, url.searchParams);
  const sort = parseInvoiceSort(url.searchParams);
  const stamp = new Date().toISOString().slice(0, 10);
  if (url.searchParams.get("format") === "csv") {
    return new Response(
      streamFrom((out) => writeInvoicesCsv(out, () => iterateInvoices(db, filter, { sort }))),
      { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="invoices-${stamp}.csv"` } },
    );
  }
  return new Response(
    streamFrom((out) => writeInvoicesXlsx(out, () => iterateInvoices(db, filter, { sort }), () => iterateLineItems(db, filter, { sort }))),
    {
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="invoices-${stamp}.xlsx"`,
      },
    },
  );
}
