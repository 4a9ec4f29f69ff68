import type { Db } from "@/db/client";
import { caseExportRows, recordCaseExport } from "@/db/queries/insurance/case-exports";
import { requireCase } from "@/db/queries/insurance/cases";
import { getQuoteTemplate } from "@/db/queries/insurance/insurers";
import { caseProgressOf } from "@/lib/insurance/case-progress";
import { requireWorkspaceRole, type Session } from "@/lib/action";
import { UserError } from "@/lib/errors";
import { ExportError, GCOTIZA_TEMPLATE, matchResultsToCsv, writeMatchResultsXlsx, writeQuoteXlsx } from "@/lib/insurance/export";

// What the insurance route handlers do, with the request's session passed in (the isolation suite calls these).

/** Live progress for the case page's poller: done / total and the counts so far. */
export async function caseProgressFor(session: Session | null, caseId: string, deps: { db: Db }) {
  const ctx = await requireWorkspaceRole(deps.db, session, "viewer");
  const c = await requireCase(deps.db, { workspaceId: ctx.workspaceId, caseId });
  return caseProgressOf(c);
}

export const EXPORT_FORMATS = ["quote", "xlsx", "csv"] as const;
export type CaseExportFormat = (typeof EXPORT_FORMATS)[number];

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * The quote file in the insurer's format (sheet and columns from its stored template; marks the case exported,
 * so it needs a member) or the generic results (.xlsx / .csv: code, confidence, decision per row; viewers too).
 */
export async function caseExportFor(session: Session | null, caseId: string, q: { format: string; startDate?: string | null }, deps: { db: Db }) {
  const format = q.format as CaseExportFormat;
  if (!EXPORT_FORMATS.includes(format)) throw new UserError(`Unknown export format "${q.format}" (use quote, xlsx or csv).`);
  const ctx = await requireWorkspaceRole(deps.db, session, format === "quote" ? "member" : "viewer");
  const c = await requireCase(deps.db, { workspaceId: ctx.workspaceId, caseId });
  const startDate = q.startDate && /^\d{4}-\d{2}-\d{2}$/.test(q.startDate) ? q.startDate : new Date().toISOString().slice(0, 10);
  const rows = await caseExportRows(deps.db, { workspaceId: ctx.workspaceId, caseId: c.id, startDate, codes: format === "quote" ? "confirmed" : "proposed" });
  if (!rows.length) throw new UserError(`Case ${c.cotNumber} has no rows to export yet.`, "conflict");
  let body: Buffer | string;
  let filename: string;
  let contentType: string;
  try {
    if (format === "quote") {
      const tpl = c.insurerId ? await getQuoteTemplate(deps.db, { workspaceId: ctx.workspaceId, insurerId: c.insurerId }) : null;
      body = await writeQuoteXlsx(rows, tpl?.columns ?? GCOTIZA_TEMPLATE, tpl?.sheetName ?? "COTIZACION");
      filename = `${c.cotNumber} cotizacion.xlsx`;
      contentType = XLSX;
    } else if (format === "xlsx") {
      body = await writeMatchResultsXlsx(rows);
      filename = `${c.cotNumber} resultados.xlsx`;
      contentType = XLSX;
    } else {
      body = matchResultsToCsv(rows);
      filename = `${c.cotNumber} resultados.csv`;
      contentType = "text/csv; charset=utf-8";
    }
  } catch (err) {
    if (err instanceof ExportError) throw new UserError(`The export could not be written: ${err.message}. Correct those rows, or the template, and export again.`);
    throw err;
  }
  await recordCaseExport(deps.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, caseId: c.id, kind: format === "quote" ? "quote" : format === "xlsx" ? "results-xlsx" : "results-csv" });
  return { body, filename, contentType };
}
