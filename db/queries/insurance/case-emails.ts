import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { documents, type InsuranceCase, insuranceCases, mailboxes, messageDocuments, messages } from "@/db/schema";
import { UserError } from "@/lib/errors";
import { documentMachine } from "@/lib/status/machines";
import { findBrokerByEmail } from "./brokers";
import { createCase } from "./cases";

// Cases made from emails: which attachments are spreadsheets, which emails still want a case, and making them.

/** Spreadsheet attachments (.xlsx/.csv) of an email: the files a case can be made from. */
export async function spreadsheetAttachments(db: Db, q: { workspaceId: string; messageId: string }) {
  return db
    .select({ documentId: documents.id, filename: messageDocuments.filename, kind: documents.kind })
    .from(messageDocuments)
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .where(
      and(
        eq(messageDocuments.workspaceId, q.workspaceId),
        eq(messageDocuments.messageId, q.messageId),
        sql`(${documents.kind} = 'spreadsheet' or ${messageDocuments.filename} ~* '\\.(xlsx|csv)$')`,
      ),
    );
}

/** Cases already made from an email (so the inbox can link to them instead of making another). */
export async function casesForMessage(db: Db, q: { workspaceId: string; messageId: string }) {
  return db
    .select({ id: insuranceCases.id, cotNumber: insuranceCases.cotNumber, documentId: insuranceCases.documentId, status: insuranceCases.status })
    .from(insuranceCases)
    .where(and(eq(insuranceCases.workspaceId, q.workspaceId), eq(insuranceCases.messageId, q.messageId)))
    .orderBy(asc(insuranceCases.cotSeq));
}

/** Cases opened from these documents (the Documents page links spreadsheets to their case). */
export async function casesForDocuments(db: Db, q: { workspaceId: string; documentIds: readonly string[] }) {
  if (!q.documentIds.length) return [];
  return db
    .select({ id: insuranceCases.id, cotNumber: insuranceCases.cotNumber, documentId: insuranceCases.documentId, status: insuranceCases.status })
    .from(insuranceCases)
    .where(and(eq(insuranceCases.workspaceId, q.workspaceId), inArray(insuranceCases.documentId, [...q.documentIds])))
    .orderBy(asc(insuranceCases.cotSeq));
}

/**
 * One case per spreadsheet attachment of an email (or the one named), attributed to the broker of the sender's
 * domain, timed from when the email was sent. Attachments that already have a case are skipped.
 */
export async function createCasesForMessage(
  db: Db,
  q: { workspaceId: string; actorId: string | null; messageId: string; documentId?: string; insurerId?: string | null; now?: Date },
) {
  const [m] = await db.select().from(messages).where(and(eq(messages.workspaceId, q.workspaceId), eq(messages.id, q.messageId)));
  if (!m) throw new UserError("No such email in this workspace.", "not_found");
  let sheets = await spreadsheetAttachments(db, q);
  if (q.documentId) sheets = sheets.filter((s) => s.documentId === q.documentId);
  if (!sheets.length) {
    throw new UserError(q.documentId ? "That attachment is not a spreadsheet of this email." : "This email has no spreadsheet (.xlsx or .csv) attached; a case needs the broker's fleet list.");
  }
  const existing = new Set((await casesForMessage(db, q)).map((c) => c.documentId));
  const created: InsuranceCase[] = [];
  for (const s of sheets) {
    if (existing.has(s.documentId)) continue;
    created.push(
      await createCase(db, {
        workspaceId: q.workspaceId,
        actorId: q.actorId,
        filename: s.filename.split("/").pop() || s.filename,
        documentId: s.documentId,
        messageId: m.id,
        senderAddress: m.fromAddress,
        insurerId: q.insurerId,
        receivedAt: m.sentAt ?? m.createdAt,
        now: q.now,
      }),
    );
  }
  // The spreadsheet now lives on as its case: the document itself is done (not left "queued" in Documents): every
  // document that may become ready (documentMachine: queued, processing, needs review) does.
  const taken = created.map((c) => c.documentId).filter((id): id is string => !!id);
  if (taken.length) {
    await db
      .update(documents)
      .set({ status: "ready", error: null, processedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(documents.workspaceId, q.workspaceId), inArray(documents.id, taken), inArray(documents.status, documentMachine.from("ready"))));
  }
  return created;
}

/** Recent spreadsheet attachments of emails in the workspace (the wizard's "pick an attachment"). */
export async function recentSpreadsheetAttachments(db: Db, q: { workspaceId: string; limit?: number }) {
  return db
    .select({
      documentId: documents.id,
      filename: messageDocuments.filename,
      messageId: messages.id,
      subject: messages.subject,
      fromAddress: messages.fromAddress,
      receivedAt: messages.createdAt,
    })
    .from(messageDocuments)
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .innerJoin(messages, eq(messages.id, messageDocuments.messageId))
    .where(
      and(
        eq(messageDocuments.workspaceId, q.workspaceId),
        sql`(${documents.kind} = 'spreadsheet' or ${messageDocuments.filename} ~* '\\.(xlsx|csv)$')`,
      ),
    )
    .orderBy(desc(messages.createdAt))
    .limit(q.limit ?? 20);
}

/**
 * Should this stored document open a case by itself? Yes when it is a spreadsheet attached to an email that came
 * through an insurance mailbox, or from a known broker's domain, and that email has no case for it yet.
 * Returns the emails to open cases from (usually one).
 */
export async function emailsWantingCase(db: Db, q: { workspaceId: string; documentId: string }) {
  const list = await db
    .select({
      messageId: messages.id,
      fromAddress: messages.fromAddress,
      purpose: mailboxes.purpose,
      filename: messageDocuments.filename,
      kind: documents.kind,
    })
    .from(messageDocuments)
    .innerJoin(messages, eq(messages.id, messageDocuments.messageId))
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .leftJoin(mailboxes, eq(mailboxes.id, messages.mailboxId))
    .where(and(eq(messageDocuments.workspaceId, q.workspaceId), eq(messageDocuments.documentId, q.documentId)));
  const out: { messageId: string; brokerId: string | null }[] = [];
  for (const m of list) {
    if (m.kind !== "spreadsheet" && !/\.(xlsx|csv)$/i.test(m.filename)) continue;
    const broker = await findBrokerByEmail(db, { workspaceId: q.workspaceId, address: m.fromAddress });
    if (m.purpose !== "insurance" && !broker) continue;
    const existing = await casesForMessage(db, { workspaceId: q.workspaceId, messageId: m.messageId });
    if (existing.some((c) => c.documentId === q.documentId)) continue;
    out.push({ messageId: m.messageId, brokerId: broker?.id ?? null });
  }
  return out;
}
