import { and, desc, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { recordAudit } from "@/db/queries/audit";
import { documents, type Mailbox, mailboxes, messageDocuments, messages } from "@/db/schema";
import type { SecretBox } from "@/lib/crypto/secrets";
import type { ImapCursor } from "@/lib/intake/imap";
import {
  cleanConfig,
  cursorIdentity,
  type GraphMailboxConfig,
  type ImapMailboxConfig,
  mailboxSecretContext,
  type MailboxSettings,
  parseSettings,
} from "@/lib/intake/mailbox-settings";

// Connected mailboxes (IMAP, Microsoft Graph): settings, encrypted secrets and poll status. Every read and
// write is scoped by workspaceId; the secret goes in encrypted (bound to the mailbox id) and never comes
// back out of this file except through `loadMailboxForPoll`, which background steps call to connect.

export type MailboxPurpose = Mailbox["purpose"];

/** What leaves this file for pages and actions: everything but the secret. */
export interface MailboxView {
  id: string;
  kind: Mailbox["kind"];
  name: string;
  purpose: MailboxPurpose;
  config: ImapMailboxConfig | GraphMailboxConfig;
  /** Always true for a stored mailbox: the UI shows "••••• saved" and offers to replace it. */
  secretSaved: boolean;
  enabled: boolean;
  pollEveryMinutes: number;
  lastPolledAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  messageCount: number;
  lastMessageAt: Date | null;
}

function toView(m: Mailbox, counts?: { messageCount: number; lastMessageAt: Date | string | null }): MailboxView {
  return {
    id: m.id,
    kind: m.kind,
    name: m.name,
    purpose: m.purpose,
    config: cleanConfig(m.kind, m.config),
    secretSaved: Boolean(m.secretEnc),
    enabled: m.enabled,
    pollEveryMinutes: m.pollEveryMinutes,
    lastPolledAt: m.lastPolledAt,
    lastSuccessAt: m.lastSuccessAt,
    lastError: m.lastError,
    createdAt: m.createdAt,
    messageCount: counts?.messageCount ?? 0,
    lastMessageAt: counts?.lastMessageAt ? new Date(counts.lastMessageAt) : null,
  };
}

export class MailboxNotFoundError extends Error {
  override name = "MailboxNotFoundError";
  constructor() {
    super("No such mailbox in this workspace (it may have been deleted).");
  }
}

const counts = {
  // Qualified by hand: drizzle renders a column of the outer table unqualified, which the subquery would capture.
  messageCount: sql<number>`(select count(*)::int from messages m where m.mailbox_id = "mailboxes"."id" and m.workspace_id = "mailboxes"."workspace_id")`,
  lastMessageAt: sql<Date | string | null>`(select max(m.created_at) from messages m where m.mailbox_id = "mailboxes"."id" and m.workspace_id = "mailboxes"."workspace_id")`,
};

export async function listMailboxes(db: Db, q: { workspaceId: string }): Promise<MailboxView[]> {
  const found = await db
    .select({ m: mailboxes, ...counts })
    .from(mailboxes)
    .where(eq(mailboxes.workspaceId, q.workspaceId))
    .orderBy(mailboxes.createdAt, mailboxes.id);
  return found.map((r) => toView(r.m, r));
}

export async function getMailbox(db: Db, q: { workspaceId: string; id: string }): Promise<MailboxView | null> {
  const [r] = await db
    .select({ m: mailboxes, ...counts })
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, q.workspaceId), eq(mailboxes.id, q.id)));
  return r ? toView(r.m, r) : null;
}

/** The latest messages a mailbox brought in, with how many documents each carried. */
export async function listMailboxMessages(db: Db, q: { workspaceId: string; mailboxId: string; limit?: number }) {
  return db
    .select({
      id: messages.id,
      subject: messages.subject,
      fromAddress: messages.fromAddress,
      fromName: messages.fromName,
      sentAt: messages.sentAt,
      createdAt: messages.createdAt,
      documents: sql<number>`(select count(*)::int from message_documents md where md.message_id = "messages"."id")`,
    })
    .from(messages)
    .where(and(eq(messages.workspaceId, q.workspaceId), eq(messages.mailboxId, q.mailboxId)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .limit(Math.min(q.limit ?? 10, 100));
}

/**
 * Mailboxes whose next poll is due, across all workspaces (for the scheduler only). A mailbox is due when it
 * is enabled and was never polled, or its last poll started at least its interval ago (30 s slack, so a
 * poll that started a few seconds after the minute does not slip a whole minute each time).
 */
export async function listMailboxesDue(db: Db, q: { now: Date }): Promise<{ id: string; workspaceId: string }[]> {
  const nowIso = q.now.toISOString();
  return db
    .select({ id: mailboxes.id, workspaceId: mailboxes.workspaceId })
    .from(mailboxes)
    .where(
      and(
        eq(mailboxes.enabled, true),
        or(
          isNull(mailboxes.lastPolledAt),
          lte(mailboxes.lastPolledAt, sql`${nowIso}::timestamptz - make_interval(mins => ${mailboxes.pollEveryMinutes}) + interval '30 seconds'`),
        ),
      ),
    )
    .orderBy(mailboxes.lastPolledAt, mailboxes.id);
}

export interface MailboxInput {
  name: string;
  purpose: MailboxPurpose;
  pollEveryMinutes: number;
  enabled?: boolean;
  settings: MailboxSettings;
}

const auditShape = (m: { name: string; kind: string; purpose: string; enabled: boolean; pollEveryMinutes: number; config: unknown }) => ({
  name: m.name,
  kind: m.kind,
  purpose: m.purpose,
  enabled: m.enabled,
  pollEveryMinutes: m.pollEveryMinutes,
  config: m.config,
});

export async function createMailbox(
  db: Db,
  box: SecretBox,
  input: MailboxInput & { workspaceId: string; actorId: string | null; secret: string },
): Promise<MailboxView> {
  const settings = parseSettings(input.settings);
  if (!input.secret) throw new Error(settings.kind === "imap" ? "The IMAP password is required." : "The client secret is required.");
  const id = crypto.randomUUID();
  const [row] = await db
    .insert(mailboxes)
    .values({
      id,
      workspaceId: input.workspaceId,
      kind: settings.kind,
      name: input.name,
      purpose: input.purpose,
      config: settings.config,
      secretEnc: box.encrypt(input.secret, mailboxSecretContext(id)),
      enabled: input.enabled ?? true,
      pollEveryMinutes: input.pollEveryMinutes,
      createdBy: input.actorId,
    })
    .returning();
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    action: "mailbox.created",
    entityType: "mailbox",
    entityId: id,
    after: auditShape(row!),
  });
  return toView(row!);
}

/**
 * Changes a mailbox's settings. `secret` undefined or "" keeps the saved one. The kind cannot change. A change
 * of server, account, folder or mode resets the sync cursor (Message-ID de-duplication still prevents repeats).
 */
export async function updateMailbox(
  db: Db,
  box: SecretBox,
  input: MailboxInput & { workspaceId: string; actorId: string | null; id: string; secret?: string },
): Promise<MailboxView> {
  const settings = parseSettings(input.settings);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(mailboxes)
      .where(and(eq(mailboxes.workspaceId, input.workspaceId), eq(mailboxes.id, input.id)))
      .for("update");
    if (!current) throw new MailboxNotFoundError();
    if (current.kind !== settings.kind) {
      throw new Error(`This mailbox is ${current.kind === "imap" ? "an IMAP" : "a Microsoft Graph"} mailbox; delete it and add a new one to change its type.`);
    }
    const secretReplaced = Boolean(input.secret);
    const resetCursor = cursorIdentity(current.kind, current.config) !== cursorIdentity(settings.kind, settings.config);
    const [row] = await tx
      .update(mailboxes)
      .set({
        name: input.name,
        purpose: input.purpose,
        config: settings.config,
        pollEveryMinutes: input.pollEveryMinutes,
        ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
        ...(secretReplaced ? { secretEnc: box.encrypt(input.secret!, mailboxSecretContext(current.id)) } : {}),
        ...(resetCursor ? { cursor: null } : {}),
        // New credentials or settings: the old error no longer describes this mailbox.
        ...(secretReplaced || resetCursor ? { lastError: null } : {}),
      })
      .where(and(eq(mailboxes.workspaceId, input.workspaceId), eq(mailboxes.id, input.id)))
      .returning();
    await recordAudit(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      action: "mailbox.updated",
      entityType: "mailbox",
      entityId: current.id,
      before: auditShape(cleanedForAudit(current)),
      after: { ...auditShape(cleanedForAudit(row!)), ...(secretReplaced ? { secret: "replaced" } : {}), ...(resetCursor ? { cursor: "reset" } : {}) },
    });
    return toView(row!);
  });
}

const cleanedForAudit = (m: Mailbox) => ({ ...m, config: cleanConfig(m.kind, m.config) });

export async function setMailboxEnabled(
  db: Db,
  input: { workspaceId: string; actorId: string | null; id: string; enabled: boolean },
): Promise<MailboxView> {
  const [before] = await db
    .select({ enabled: mailboxes.enabled })
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, input.workspaceId), eq(mailboxes.id, input.id)));
  if (!before) throw new MailboxNotFoundError();
  const [row] = await db
    .update(mailboxes)
    .set({ enabled: input.enabled })
    .where(and(eq(mailboxes.workspaceId, input.workspaceId), eq(mailboxes.id, input.id)))
    .returning();
  if (before.enabled !== input.enabled) {
    await recordAudit(db, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      action: input.enabled ? "mailbox.enabled" : "mailbox.disabled",
      entityType: "mailbox",
      entityId: input.id,
      before: { enabled: before.enabled },
      after: { enabled: input.enabled },
    });
  }
  return toView(row!);
}

/** Deletes the mailbox and its secret. The messages it brought stay (their mailbox link becomes empty). */
export async function deleteMailbox(db: Db, input: { workspaceId: string; actorId: string | null; id: string }): Promise<void> {
  const [row] = await db
    .delete(mailboxes)
    .where(and(eq(mailboxes.workspaceId, input.workspaceId), eq(mailboxes.id, input.id)))
    .returning();
  if (!row) throw new MailboxNotFoundError();
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    action: "mailbox.deleted",
    entityType: "mailbox",
    entityId: row.id,
    before: auditShape(cleanedForAudit(row)),
  });
}

export interface MailboxForPoll {
  id: string;
  workspaceId: string;
  name: string;
  purpose: MailboxPurpose;
  enabled: boolean;
  settings: MailboxSettings;
  cursor: Record<string, unknown> | null;
  /** Decrypted. Use it to connect and drop it; never return it from a step (step outputs are stored). */
  secret: string;
}

/** The mailbox with its secret decrypted, for the connector. Throws SecretDecryptionError when it cannot be read. */
export async function loadMailboxForPoll(db: Db, box: SecretBox, q: { workspaceId: string; id: string }): Promise<MailboxForPoll | null> {
  const [m] = await db
    .select()
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, q.workspaceId), eq(mailboxes.id, q.id)));
  if (!m) return null;
  return {
    id: m.id,
    workspaceId: m.workspaceId,
    name: m.name,
    purpose: m.purpose,
    enabled: m.enabled,
    settings: { kind: m.kind, config: cleanConfig(m.kind, m.config) } as MailboxSettings,
    cursor: m.cursor ?? null,
    secret: box.decrypt(m.secretEnc, mailboxSecretContext(m.id)),
  };
}

/** The saved secret of a mailbox, decrypted (for "Test connection" with a blank secret field). */
export async function readMailboxSecret(db: Db, box: SecretBox, q: { workspaceId: string; id: string }): Promise<string> {
  const [m] = await db
    .select({ id: mailboxes.id, secretEnc: mailboxes.secretEnc })
    .from(mailboxes)
    .where(and(eq(mailboxes.workspaceId, q.workspaceId), eq(mailboxes.id, q.id)));
  if (!m) throw new MailboxNotFoundError();
  return box.decrypt(m.secretEnc, mailboxSecretContext(m.id));
}

/**
 * Writes the state of a poll. Each field left undefined is kept: `at` = when it ran (last polled), `ok` = it
 * succeeded (last success = at), `error` (null clears it), `cursor` = where the next poll starts. An IMAP
 * cursor only moves forward within one UIDVALIDITY, so a late retry of an older run never moves it back.
 * Returns false when the mailbox no longer exists.
 */
export async function recordMailboxPoll(
  db: Db,
  input: { workspaceId: string; id: string; at?: Date; ok?: boolean; error?: string | null; cursor?: Record<string, unknown> | null },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ cursor: mailboxes.cursor, kind: mailboxes.kind })
      .from(mailboxes)
      .where(and(eq(mailboxes.workspaceId, input.workspaceId), eq(mailboxes.id, input.id)))
      .for("update");
    if (!current) return false;
    const set: Partial<typeof mailboxes.$inferInsert> = {};
    if (input.at) {
      set.lastPolledAt = input.at;
      if (input.ok) set.lastSuccessAt = input.at;
    }
    if (input.error !== undefined) set.lastError = input.error;
    if (input.cursor !== undefined) {
      const old = current.cursor as Partial<ImapCursor> | null;
      const next = input.cursor as Partial<ImapCursor> | null;
      const backwards =
        current.kind === "imap" && old && next && old.uidValidity === next.uidValidity && (next.lastUid ?? 0) < (old.lastUid ?? 0);
      if (!backwards) set.cursor = input.cursor;
    }
    if (Object.keys(set).length > 0) {
      await tx
        .update(mailboxes)
        .set(set)
        .where(and(eq(mailboxes.workspaceId, input.workspaceId), eq(mailboxes.id, input.id)));
    }
    return true;
  });
}

/**
 * Documents of an already-stored message that were never picked up for processing. A poll whose earlier attempt
 * stored the message and then failed sees it as a duplicate; handing these on again is safe because the
 * processing event id is derived from the document id.
 */
export async function queuedDocumentsOfMessage(db: Db, q: { workspaceId: string; messageId: string }) {
  return db
    .select({ id: documents.id, workspaceId: documents.workspaceId, contentType: documents.contentType })
    .from(messageDocuments)
    .innerJoin(documents, eq(documents.id, messageDocuments.documentId))
    .where(and(eq(messageDocuments.workspaceId, q.workspaceId), eq(messageDocuments.messageId, q.messageId), eq(documents.status, "queued")));
}
