import type { Db } from "@/db/client";
import { requireCase } from "@/db/queries/insurance/cases";
import { caseProgressOf } from "@/lib/insurance/case-progress";
import { requireWorkspaceRole, type Session } from "@/lib/action";
import { UserError } from "@/lib/errors";
import { EXPORT_FORMATS, exportCase, type CaseExportFormat } from "@/services/insurance/export-case";

// What the insurance route handlers do, with the request's session passed in (the isolation suite calls these).

/** Live progress for the case page's poller: done / total and the counts so far. */
export async function caseProgressFor(session: Session | null, caseId: string, deps: { db: Db }) {
  const ctx = await requireWorkspaceRole(deps.db, session, "viewer");
  const c = await requireCase(deps.db, { workspaceId: ctx.workspaceId, caseId });
  return caseProgressOf(c);
}

/**
 * The quote file in the insurer's format (marks the case exported, so it needs a member) or the generic results
 * (.xlsx / .csv; viewers too). services/insurance/export-case.ts writes them. `pending=blank`: the quote file even while
 * rows wait for review, their codes left blank (refused otherwise, naming the rows).
 */
export async function caseExportFor(session: Session | null, caseId: string, q: { format: string; startDate?: string | null; pending?: string | null }, deps: { db: Db }) {
  const format = q.format as CaseExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UserError(`Unknown export format "${q.format}" (use quote, xlsx or csv).`);
  const ctx = await requireWorkspaceRole(deps.db, session, format === "quote" ? "member" : "viewer");
  const { body, filename, contentType } = await exportCase(deps.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, caseId, format, startDate: q.startDate, pending: q.pending === "blank" ? "blank" : "refuse" });
  return { body, filename, contentType };
}
