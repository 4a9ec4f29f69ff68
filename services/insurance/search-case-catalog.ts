import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { requireCase } from "@/db/queries/insurance/cases";
import { activeCatalog, searchCatalog } from "@/db/queries/insurance/catalogs";
import { fleetRows } from "@/db/schema";
import { UserError } from "@/lib/errors";
import { quoteVehicle } from "@/lib/insurance/quote-vehicle";

/**
 * The catalog search dialog: the case's catalog (or its insurer's active one), by trigram similarity or code. Each
 * hit carries its use; with the row being coded (`rowId`), a hit whose use contradicts the row's USO carries the
 * conflict (row, code, both values) — the same check that holds the pick for the reviewer's confirmation.
 */
export async function searchCaseCatalog(db: Db, q: { workspaceId: string; caseId: string; rowId?: string; query: string }) {
  const c = await requireCase(db, { workspaceId: q.workspaceId, caseId: q.caseId });
  const catalogId = c.catalogId ?? (c.insurerId ? (await activeCatalog(db, { workspaceId: q.workspaceId, insurerId: c.insurerId }))?.id : null);
  if (!catalogId) throw new UserError("This case has no catalog yet.");
  let row: { rowNumber: number; canonical: Record<string, unknown> } | null = null;
  if (q.rowId) {
    [row] = await db
      .select({ rowNumber: fleetRows.rowNumber, canonical: fleetRows.canonical })
      .from(fleetRows)
      .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, c.id), eq(fleetRows.id, q.rowId)));
    if (!row) throw new UserError("No such row in this case.", "not_found");
  }
  const hits = await searchCatalog(db, { workspaceId: q.workspaceId, catalogId, query: q.query });
  return hits.map((h) => {
    const { body: _body, ...shown } = h;
    return { ...shown, score: Math.round(Number(h.score) * 1000) / 1000, useConflict: row ? quoteVehicle(row, h).useConflict : null };
  });
}
