// Invoices made inside the database for the scale benches (bench/invoice-scale.ts, bench/pages.ts): one per document
// 'd1'…'dN' (the bench inserts those), 4 statuses, 500 vendors, 3 currencies, 2 line items each. Set-based, so the
// figure is the query/page speed, not the seeding.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

export async function insertInvoiceRows(db: Db, ws: string, n: number) {
  await db.execute(sql`
    insert into invoices (id, workspace_id, document_id, page_start, page_end, status, invoice_number, invoice_number_norm,
      issue_date, due_date, vendor_name, currency, subtotal, tax_amount, total, confidence, min_confidence, extractor, created_at)
    select 'i' || lpad(g::text, 7, '0'), ${ws}, 'd' || g, 1, 1,
      (array['needs_review','ready','approved','rejected'])[1 + g % 4],
      'INV-' || g, g::text,
      date '2024-01-01' + (g % 700), date '2024-01-31' + (g % 700),
      'Vendor ' || (g % 500), (array['MXN','USD','EUR'])[1 + g % 3],
      round((g % 10000) * 1.37, 2), round((g % 10000) * 0.2192, 2), round((g % 10000) * 1.5892, 2),
      '{}'::jsonb, ((g % 100) / 100.0)::numeric(4,3), 'offline', now() - (g || ' seconds')::interval
    from generate_series(1, ${n}) g`);
  await db.execute(sql`
    insert into invoice_line_items (id, workspace_id, invoice_id, position, description, quantity, unit_price, amount)
    select 'l' || g || '-' || p, ${ws}, 'i' || lpad(g::text, 7, '0'), p, 'Item ' || p, 2, 10.5, 21
    from generate_series(1, ${n}) g, generate_series(0, 1) p`);
}
