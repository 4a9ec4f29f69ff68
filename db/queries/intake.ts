import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { BlobStore } from "@/lib/blob";
import type { ParsedEmail } from "@/lib/intake/eml";
import { intakeEmailAttachments, intakeFile, pairedEInvoiceKey, type IntakeItem, type IntakeOptions, type IntakeResult } from "@/lib/intake/intake-file";
import type { Db } from "../client";
import { documents, messageDocuments, messages, type Document, type Message } from "../schema";
import { recordAudit } from "./audit";
import { storeDocument } from "./documents";

// Taking things in: an uploaded file (which may be a zip or an .eml), or an email from a mailbox or manual
// entry. Every file yields a line in the report — stored, duplicate (of what), skipped (why) or error (why) —
// and a bad file never loses the good ones.

export interface IngestDeps {
  db: Db;
  blobs: BlobStore;
  limits?: IntakeOptions;
}

export interface IngestLine {
  path: string;
  status: "stored" | "duplicate" | "skipped" | "error";
  documentId?: string;
  messageId?: string;
  /** For duplicates: the name the original was stored under. */
  duplicateOf?: string;
  message?: string;
}

export interface IngestReport {
  lines: IngestLine[];
  /** Documents stored for the first time: the ones to process. */
  newDocuments: { id: string; workspaceId: string; contentType: string }[];
  messageIds: string[];
}

interface Who {
  workspaceId: string;
  actorId: string | null;
}

const emptyReport = (): IngestReport => ({ lines: [], newDocuments: [], messageIds: [] });

function merge(into: IngestReport, from: IngestReport) {
  into.lines.push(...from.lines);
  into.newDocuments.push(...from.newDocuments);
  into.messageIds.push(...from.messageIds);
}

async function storeItem(deps: IngestDeps, who: Who, item: IntakeItem, source: Document["source"]) {
  const { document, duplicate } = await storeDocument(deps.db, deps.blobs, {
    workspaceId: who.workspaceId,
    filename: item.name,
    contentType: item.type.mime,
    data: Buffer.from(item.bytes),
    source,
    uploadedBy: who.actorId,
    kind: item.type.kind,
  });
  if (!duplicate && item.path !== item.name) {
    await deps.db.update(documents).set({ sourcePath: item.path }).where(eq(documents.id, document.id));
  }
  // the e-invoice XML that came with this PDF is kept beside it: the reader takes the invoice from it
  if (item.pairedXml) await deps.blobs.put(pairedEInvoiceKey(document.blobKey), item.pairedXml.bytes, "application/xml");
  return { document, duplicate };
}

function problems(result: IntakeResult): IngestLine[] {
  return [
    ...result.errors.map((e) => ({ path: e.path, status: "error" as const, message: e.error.message })),
    ...result.skipped.map((s) => ({ path: s.path, status: "skipped" as const, message: s.reason.replace(/-/g, " ") })),
  ];
}

/** One uploaded file: a document, a zip of documents, or an .eml whose attachments become documents. */
export async function ingestFile(
  deps: IngestDeps,
  who: Who,
  file: { filename: string; bytes: Uint8Array; source?: Document["source"] },
): Promise<IngestReport> {
  const report = emptyReport();
  const result = await intakeFile(file.bytes, file.filename, deps.limits);
  report.lines.push(...problems(result));
  for (const item of result.items) {
    if (item.email) {
      merge(report, await ingestEmail(deps, who, { email: item.email, raw: item.bytes, source: "upload" }));
      continue;
    }
    const { document, duplicate } = await storeItem(deps, who, item, file.source ?? "upload");
    report.lines.push({
      path: item.path,
      status: duplicate ? "duplicate" : "stored",
      documentId: document.id,
      duplicateOf: duplicate ? document.filename : undefined,
    });
    if (!duplicate) report.newDocuments.push({ id: document.id, workspaceId: who.workspaceId, contentType: document.contentType });
  }
  return report;
}

/** One email: stored once per Message-ID, with its attachments as documents linked to it. */
export async function ingestEmail(
  deps: IngestDeps,
  who: Who,
  e: { email: ParsedEmail; raw?: Uint8Array; source: Message["source"]; mailboxId?: string | null },
): Promise<IngestReport> {
  const report = emptyReport();
  const { db } = deps;
  const label = e.email.subject ? `email "${e.email.subject}"` : `email ${e.email.messageId}`;
  const [existing] = await db
    .select({ id: messages.id, subject: messages.subject, createdAt: messages.createdAt })
    .from(messages)
    .where(and(eq(messages.workspaceId, who.workspaceId), eq(messages.messageId, e.email.messageId)));
  if (existing) {
    report.lines.push({
      path: label,
      status: "duplicate",
      messageId: existing.id,
      duplicateOf: `the email received ${existing.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC`,
      message: "This email was already taken in; it is not processed again.",
    });
    return report;
  }
  let rawBlobKey: string | null = null;
  if (e.raw) {
    rawBlobKey = `${who.workspaceId}/eml/${createHash("sha256").update(e.raw).digest("hex")}`;
    await deps.blobs.put(rawBlobKey, e.raw, "message/rfc822");
  }
  const [msg] = await db
    .insert(messages)
    .values({
      workspaceId: who.workspaceId,
      source: e.source,
      mailboxId: e.mailboxId ?? null,
      messageId: e.email.messageId,
      fromAddress: e.email.from?.address ?? null,
      fromName: e.email.from?.name ?? null,
      to: e.email.to,
      subject: e.email.subject,
      sentAt: e.email.date ? new Date(e.email.date) : null,
      text: e.email.text,
      html: e.email.html,
      rawBlobKey,
      createdBy: who.actorId,
    })
    .onConflictDoNothing()
    .returning();
  if (!msg) {
    report.lines.push({ path: label, status: "duplicate", message: "This email was already taken in; it is not processed again." });
    return report;
  }
  report.messageIds.push(msg.id);
  await recordAudit(db, {
    workspaceId: who.workspaceId,
    actorId: who.actorId,
    action: "message.received",
    entityType: "message",
    entityId: msg.id,
    after: { from: msg.fromAddress, subject: msg.subject, source: msg.source, attachments: e.email.attachments.length },
  });
  const result = await intakeEmailAttachments(e.email, deps.limits);
  report.lines.push(...problems(result).map((l) => ({ ...l, path: `${label} → ${l.path}`, messageId: msg.id })));
  for (const item of result.items) {
    if (item.email) {
      // A forwarded message attached to this one: taken in as its own message.
      merge(report, await ingestEmail(deps, who, { email: item.email, raw: item.bytes, source: e.source, mailboxId: e.mailboxId }));
      continue;
    }
    const { document, duplicate } = await storeItem(deps, who, item, "email");
    await db
      .insert(messageDocuments)
      .values({ messageId: msg.id, documentId: document.id, workspaceId: who.workspaceId, filename: item.path })
      .onConflictDoNothing();
    report.lines.push({
      path: `${label} → ${item.path}`,
      status: duplicate ? "duplicate" : "stored",
      documentId: document.id,
      messageId: msg.id,
      duplicateOf: duplicate ? document.filename : undefined,
    });
    if (!duplicate) report.newDocuments.push({ id: document.id, workspaceId: who.workspaceId, contentType: document.contentType });
  }
  return report;
}

export async function listMessages(db: Db, q: { workspaceId: string; limit?: number; offset?: number }) {
  return db
    .select({
      id: messages.id,
      source: messages.source,
      fromAddress: messages.fromAddress,
      fromName: messages.fromName,
      subject: messages.subject,
      sentAt: messages.sentAt,
      createdAt: messages.createdAt,
      documents: sql<number>`(select count(*)::int from ${messageDocuments} md where md.message_id = ${messages.id})`,
    })
    .from(messages)
    .where(eq(messages.workspaceId, q.workspaceId))
    .orderBy(desc(messages.createdAt))
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0);
}

export async function getMessage(db: Db, q: { workspaceId: string; id: string }) {
  const [msg] = await db.select().from(messages).where(and(eq(messages.workspaceId, q.workspaceId), eq(messages.id, q.id)));
  if (!msg) return null;
  const docs = await db
    .select({ id: documents.id, filename: messageDocuments.filename, status: documents.status, kind: documents.kind, size: documents.size })
    .from(messageDocuments)
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .where(and(eq(messageDocuments.messageId, msg.id), eq(messageDocuments.workspaceId, q.workspaceId)));
  return { ...msg, documents: docs };
}

/** The emails a document arrived in (for the audit trail email → attachment → invoice). */
export async function messagesForDocument(db: Db, q: { workspaceId: string; documentId: string }) {
  return db
    .select({ id: messages.id, subject: messages.subject, fromAddress: messages.fromAddress, filename: messageDocuments.filename, createdAt: messages.createdAt })
    .from(messageDocuments)
    .innerJoin(messages, eq(messages.id, messageDocuments.messageId))
    .where(and(eq(messageDocuments.workspaceId, q.workspaceId), eq(messageDocuments.documentId, q.documentId)));
}
