import type { Db } from "@/db/client";
import { caseExportRows, recordCaseExport } from "@/db/queries/insurance/case-exports";
import { requireCase } from "@/db/queries/insurance/cases";
import { getQuoteTemplate } from "@/db/queries/insurance/insurers";
import { UserError } from "@/lib/errors";
import { ExportError, type ExportRow, GCOTIZA_TEMPLATE, matchResultsToCsv, quoteFileTemplate, writeMatchResultsXlsx, writeQuoteXlsx } from "@/lib/insurance/export";
import type { UseConflict } from "@/lib/insurance/quote-vehicle";

// Exporting a case: the quote file in the insurer's format, or the generic match results. The caller has checked
// the workspace role (a member for the quote file, which marks the case exported; a viewer for the results).

export const EXPORT_FORMATS = ["quote", "xlsx", "csv"] as const;
export type CaseExportFormat = (typeof EXPORT_FORMATS)[number];

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface CaseExport {
  body: Buffer | string;
  filename: string;
  contentType: string;
  /** Coded rows whose broker's use the catalog entry contradicts (the file keeps the broker's; recorded in the audit). */
  useConflicts: UseConflict[];
}

/** "row 4 (spreadsheet row 5): proposed 020600319, not yet accepted or corrected": a row the quote file would leave blank. */
function waitingRow(r: ExportRow): string {
  const proposed = String(r.machineCode ?? "");
  return `row ${String(r.sourceId)} (spreadsheet row ${String(r.rowNumber)}): ${proposed ? `proposed ${proposed}, not yet accepted or corrected` : "no code decided yet"}`;
}

/**
 * The quote file (sheet and columns from the insurer's stored template; vehicle columns read the coded vehicle —
 * the catalog's brand, model, year and use — see lib/insurance/quote-vehicle.ts) or the generic results
 * (.xlsx / .csv: code, confidence, decision per row, with the broker's writing).
 * The quote file is refused while rows still wait for review (their code column would be blank), naming each row and
 * the column; `pending: "blank"` writes it anyway, leaving those codes blank on purpose (recorded in the audit).
 */
export async function exportCase(
  db: Db,
  q: { workspaceId: string; actorId: string; caseId: string; format: CaseExportFormat; startDate?: string | null; pending?: "refuse" | "blank" },
): Promise<CaseExport> {
  if (!EXPORT_FORMATS.includes(q.format)) throw new UserError(`Unknown export format "${q.format}" (use quote, xlsx or csv).`);
  const c = await requireCase(db, { workspaceId: q.workspaceId, caseId: q.caseId });
  const startDate = q.startDate && /^\d{4}-\d{2}-\d{2}$/.test(q.startDate) ? q.startDate : new Date().toISOString().slice(0, 10);
  const rows = await caseExportRows(db, { workspaceId: q.workspaceId, caseId: c.id, startDate, codes: q.format === "quote" ? "confirmed" : "proposed" });
  if (!rows.length) throw new UserError(`Case ${c.cotNumber} has no rows to export yet.`, "conflict");
  const useConflicts = rows.map((r) => r.useConflict as UseConflict | null).filter((u): u is UseConflict => Boolean(u));
  const waiting = q.format === "quote" ? rows.filter((r) => r.decision === "review").map(waitingRow) : [];
  let out: Omit<CaseExport, "useConflicts">;
  try {
    if (q.format === "quote") {
      const tpl = c.insurerId ? await getQuoteTemplate(db, { workspaceId: q.workspaceId, insurerId: c.insurerId }) : null;
      const template = quoteFileTemplate(tpl?.columns ?? GCOTIZA_TEMPLATE);
      if (waiting.length && q.pending !== "blank") {
        const column = template.find((col) => col.source === "code")?.header ?? "code";
        throw new UserError(
          `Case ${c.cotNumber}: ${waiting.length} row(s) still wait for review; the quote file would leave their ${column} blank: ` +
            `${waiting.slice(0, 10).join("; ")}${waiting.length > 10 ? `; and ${waiting.length - 10} more` : ""}. ` +
            `Accept, correct or mark them "no code" on the review page, or export leaving them blank.`,
          "conflict",
        );
      }
      const body = await writeQuoteXlsx(rows, template, tpl?.sheetName ?? "COTIZACION");
      out = { body, filename: `${c.cotNumber} cotizacion.xlsx`, contentType: XLSX };
    } else if (q.format === "xlsx") {
      out = { body: await writeMatchResultsXlsx(rows), filename: `${c.cotNumber} resultados.xlsx`, contentType: XLSX };
    } else {
      out = { body: matchResultsToCsv(rows), filename: `${c.cotNumber} resultados.csv`, contentType: "text/csv; charset=utf-8" };
    }
  } catch (err) {
    if (err instanceof ExportError) throw new UserError(`The export could not be written: ${err.message}. Correct those rows, or the template, and export again.`);
    throw err;
  }
  await recordCaseExport(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, caseId: c.id, kind: q.format === "quote" ? "quote" : q.format === "xlsx" ? "results-xlsx" : "results-csv",
    useConflicts: q.format === "quote" ? useConflicts : undefined,
    leftBlank: waiting,
  });
  return { ...out, useConflicts };
}
