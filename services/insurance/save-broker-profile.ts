import type { Db } from "@/db/client";
import { saveBrokerProfile as saveProfile } from "@/db/queries/insurance/brokers";
import { requestRematch, requireCase } from "@/db/queries/insurance/cases";
import { startCaseMatching } from "./start-case-matching";

/** A new version of a broker's profile; opened from a case, that case is matched again with it. */
export async function saveBrokerProfile(
  db: Db,
  q: { workspaceId: string; actorId: string },
  input: { brokerId: string; profile: unknown; sampleFilename?: string; rematchCaseId?: string },
) {
  if (input.rematchCaseId) await requireCase(db, { workspaceId: q.workspaceId, caseId: input.rematchCaseId });
  const p = await saveProfile(db, { ...q, brokerId: input.brokerId, rules: input.profile as never, sampleFilename: input.sampleFilename ?? null });
  if (input.rematchCaseId) {
    const c = await requestRematch(db, { ...q, caseId: input.rematchCaseId, brokerId: input.brokerId });
    await startCaseMatching([c]);
  }
  return { id: p.id, version: p.version };
}
