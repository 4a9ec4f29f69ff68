import type { Db } from "@/db/client";
import { getDocument } from "@/db/queries/documents";
import { requireBroker } from "@/db/queries/insurance/brokers";
import { casesForDocuments, createCasesForMessage } from "@/db/queries/insurance/case-emails";
import { createCase, requestRematch } from "@/db/queries/insurance/cases";
import { requireInsurer } from "@/db/queries/insurance/insurers";
import { ingestFile } from "@/db/queries/intake";
import { getBlobStore } from "@/lib/blob";
import { UserError } from "@/lib/errors";
import { startCaseMatching } from "./start-case-matching";
import { MAX_INSURANCE_FILE_BYTES, checkUploadSize } from "./upload-limits";

// Opening insurance cases — from an upload, a document already in the workspace, or an email's spreadsheets —
// and matching one again. Each new case (or generation) is handed to matching after its row has committed.

/**
 * A case from an uploaded broker spreadsheet (.xlsx/.csv), or from an .eml whose spreadsheet attachments each
 * become a case attributed to the sender's broker. The file is kept as a document of the workspace.
 */
export async function createCaseFromUpload(
  db: Db,
  q: { workspaceId: string; actorId: string },
  input: { file: { filename: string; content: Uint8Array }; brokerId?: string; insurerId?: string },
) {
  checkUploadSize(input.file);
  if (input.brokerId) await requireBroker(db, { workspaceId: q.workspaceId, brokerId: input.brokerId });
  if (input.insurerId) await requireInsurer(db, { workspaceId: q.workspaceId, insurerId: input.insurerId });
  const report = await ingestFile(
    { db, blobs: await getBlobStore(), limits: { sniff: { maxFileBytes: MAX_INSURANCE_FILE_BYTES } } },
    q,
    { filename: input.file.filename, bytes: input.file.content },
  );
  const problem = report.lines.find((l) => l.status === "error" || l.status === "skipped");
  if (report.messageIds.length || report.lines.some((l) => l.messageId && l.status === "duplicate" && !l.documentId)) {
    const messageId = report.messageIds[0] ?? report.lines.find((l) => l.messageId)!.messageId!;
    const cases = await createCasesForMessage(db, { ...q, messageId, insurerId: input.insurerId ?? null });
    if (!cases.length) throw new UserError("Every spreadsheet of this email already has a case.", "conflict");
    return { cases: await startCaseMatching(cases) };
  }
  const line = report.lines.find((l) => l.documentId);
  if (!line?.documentId) {
    // intake's messages already start with the file's name ("x.pdf: this PDF is incomplete …"): said once
    const said = problem?.message && (problem.message.startsWith(input.file.filename) ? problem.message : `${input.file.filename}: ${problem.message}`);
    throw new UserError(said || `${input.file.filename} could not be taken in.`);
  }
  const doc = await getDocument(db, { workspaceId: q.workspaceId, documentId: line.documentId });
  if (doc?.kind !== "spreadsheet") throw new UserError(`${input.file.filename} is not a spreadsheet; upload the broker's .xlsx or .csv fleet list (or the .eml it came in).`);
  // the same file again (stored once by its bytes) is the case already open for it, as from Documents or an email
  const [existing] = await casesForDocuments(db, { workspaceId: q.workspaceId, documentIds: [doc.id] });
  if (existing) {
    const same = doc.filename === input.file.filename ? input.file.filename : `${input.file.filename} is the same file as ${doc.filename}, which`;
    throw new UserError(`${same} already has case ${existing.cotNumber}; open it from Insurance → Cases (use Match again there to change the broker).`, "conflict");
  }
  const c = await createCase(db, { ...q, filename: input.file.filename, documentId: doc.id, brokerId: input.brokerId ?? null, insurerId: input.insurerId ?? null });
  return { cases: await startCaseMatching([c]) };
}

/** A case from a broker spreadsheet already stored in Documents (dropped with other files, or from a folder). */
export async function createCaseFromDocument(db: Db, q: { workspaceId: string; actorId: string; documentId: string }) {
  const doc = await getDocument(db, { workspaceId: q.workspaceId, documentId: q.documentId });
  if (!doc) throw new UserError("No such document in this workspace.", "not_found");
  if (doc.kind !== "spreadsheet") throw new UserError(`${doc.filename} is not a spreadsheet; a case is opened from the broker's .xlsx or .csv fleet list.`);
  const [existing] = await casesForDocuments(db, { workspaceId: q.workspaceId, documentIds: [doc.id] });
  if (existing) throw new UserError(`${doc.filename} already has case ${existing.cotNumber}; open it from Insurance → Cases.`, "conflict");
  const c = await createCase(db, { workspaceId: q.workspaceId, actorId: q.actorId, filename: doc.filename, documentId: doc.id });
  return { cases: await startCaseMatching([c]) };
}

/** Cases from an email's spreadsheets (all, or the one chosen) that have none yet. */
export async function createCasesFromMessage(db: Db, q: { workspaceId: string; actorId: string; messageId: string; documentId?: string }) {
  const cases = await createCasesForMessage(db, q);
  if (!cases.length) throw new UserError("Every spreadsheet of this email already has a case.", "conflict");
  return { cases: await startCaseMatching(cases) };
}

/** "Match again" (optionally with another broker's profile): a new generation, acceptances kept. */
export async function rematchCase(db: Db, q: { workspaceId: string; actorId: string; caseId: string; brokerId?: string }) {
  const c = await requestRematch(db, { ...q, brokerId: q.brokerId ?? null });
  await startCaseMatching([c]);
  return { id: c.id, generation: c.generation };
}
