import { getDb } from "@/db";
import { errorResponse } from "@/lib/action";
import { getSession } from "@/lib/auth/session";
import { invoiceExportResponse } from "@/lib/exports/invoices-response";
import { measureRequest } from "@/lib/metrics";

export const dynamic = "force-dynamic";

// GET /api/invoices/export?format=xlsx|csv&<the table's filters> — streams the file; nothing is built in memory.
export async function GET(request: Request) {
  return measureRequest(
    "route",
    "GET /api/invoices/export",
    async () => {
      try {
        return await invoiceExportResponse(await getDb(), await getSession(), new URL(request.url));
      } catch (err) {
        return errorResponse(err, "GET /api/invoices/export");
      }
    },
    (r) => String(r.status),
  );
}
