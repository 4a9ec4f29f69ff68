import { and, asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { type FleetRow, fleetRows, insuranceCases } from "@/db/schema";
import { UserError } from "@/lib/errors";
import { policyColumns, type ExportRow } from "@/lib/insurance/export";
import { quoteVehicle, conflictingUseReason, type UseConflict } from "@/lib/insurance/quote-vehicle";
import { caseMachine } from "@/lib/status/machines";
import { requireCase, transition } from "./cases";
import { catalogEntriesByCode, catalogLabelsByCode, catalogUses } from "./catalogs";

// A case as rows for the export writers, and the record of each export.

/**
 * Rows for the writers. `codes: "confirmed"` (the quote file) carries only auto-accepted and reviewed codes;
 * `"proposed"` (the generic results) also carries the machine's proposal for rows still in review.
 * `canonical` is the broker's row as read; `vehicle` is what the quote file states (the catalog entry's brand, model,
 * year and use for a coded row, lib/insurance/quote-vehicle.ts) and `useConflict` a broker's use the entry contradicts.
 */
export async function caseExportRows(db: Db, q: { workspaceId: string; caseId: string; startDate?: string; codes?: "confirmed" | "proposed" }): Promise<ExportRow[]> {
  const list = await db
    .select()
    .from(fleetRows)
    .where(and(eq(fleetRows.workspaceId, q.workspaceId), eq(fleetRows.caseId, q.caseId)))
    .orderBy(asc(fleetRows.position));
  const proposed = (r: FleetRow) => q.codes === "proposed" && !r.reviewDecision && !r.code && r.machineCode;
  const [c] = await db.select({ catalogId: insuranceCases.catalogId }).from(insuranceCases).where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.id, q.caseId)));
  const catalogId = c?.catalogId ?? null;
  const labels = await catalogLabelsByCode(db, { workspaceId: q.workspaceId, catalogId, codes: list.filter(proposed).map((r) => r.machineCode!) });
  const codeOf = (r: FleetRow) => (q.codes === "proposed" && !r.reviewDecision ? (r.code ?? r.machineCode) : r.code) ?? "";
  const [entries, uses] = await Promise.all([
    catalogEntriesByCode(db, { workspaceId: q.workspaceId, catalogId, codes: list.map(codeOf) }),
    catalogUses(db, { workspaceId: q.workspaceId, catalogId }),
  ]);
  return list.map((r: FleetRow) => {
    const code = codeOf(r);
    const { vehicle, useConflict } = quoteVehicle({ rowNumber: r.rowNumber, canonical: r.canonical, read: r.attributes }, code ? entries.get(code) : null, uses);
    return {
      sourceId: r.sourceId,
      rowNumber: r.rowNumber,
      code,
      machineCode: r.machineCode ?? "",
      catalogDescription: r.catalogDescription ?? (proposed(r) ? (labels.get(r.machineCode!) ?? "") : ""),
      confidence: r.confidence ?? 0,
      decision: r.reviewDecision ? `${r.decision} → ${r.reviewDecision}` : (r.decision ?? ""),
      canonical: r.canonical,
      broker: r.canonical,
      vehicle,
      ...policyColumns({ rowNumber: r.rowNumber, canonical: r.canonical }),
      useConflict,
      quote: { startDate: q.startDate },
    };
  });
}

export async function recordCaseExport(
  db: Db,
  q: {
    workspaceId: string;
    actorId: string;
    caseId: string;
    kind: "quote" | "results-xlsx" | "results-csv";
    now?: Date;
    useConflicts?: readonly UseConflict[];
    /** Rows still waiting for review whose code the quote file left blank, as the exporter was told to. */
    leftBlank?: readonly string[];
  },
) {
  const c = await requireCase(db, q);
  const now = q.now ?? new Date();
  if (q.kind === "quote") {
    if (!["review", "ready", "exported"].includes(c.status)) {
      throw new UserError(`Case ${c.cotNumber} is ${caseMachine.labels[c.status]}; export the quote once its rows are matched.`, "conflict");
    }
    await transition(db, c, "exported", { exportedAt: c.exportedAt ?? now });
  }
  await recordAudit(db, {
    workspaceId: q.workspaceId, actorId: q.actorId, action: `case.exported`, entityType: "insurance_case", entityId: c.id,
    after: {
      kind: q.kind,
      status: q.kind === "quote" ? "exported" : c.status,
      ...(q.useConflicts?.length ? { useConflicts: q.useConflicts.map(conflictingUseReason) } : {}),
      ...(q.leftBlank?.length ? { leftBlank: q.leftBlank } : {}),
    },
  });
}
