import type { Db } from "@/db/client";
import { requireCase } from "@/db/queries/insurance/cases";
import { activeCatalog, searchCatalog } from "@/db/queries/insurance/catalogs";
import { UserError } from "@/lib/errors";

/** The catalog search dialog: the case's catalog (or its insurer's active one), by trigram similarity or code. */
export async function searchCaseCatalog(db: Db, q: { workspaceId: string; caseId: string; query: string }) {
  const c = await requireCase(db, { workspaceId: q.workspaceId, caseId: q.caseId });
  const catalogId = c.catalogId ?? (c.insurerId ? (await activeCatalog(db, { workspaceId: q.workspaceId, insurerId: c.insurerId }))?.id : null);
  if (!catalogId) throw new UserError("This case has no catalog yet.");
  const hits = await searchCatalog(db, { workspaceId: q.workspaceId, catalogId, query: q.query });
  return hits.map((h) => ({ ...h, score: Math.round(Number(h.score) * 1000) / 1000 }));
}
