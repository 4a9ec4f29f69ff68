import { eq } from "drizzle-orm";
import { z } from "zod";
import {
  addCampaignAttachment,
  createCampaign,
  requireCampaign,
  updateCampaignTemplate,
} from "@/db/queries/campaigns/campaigns";
import {
  bumpGeneration,
  cancelCampaign,
  pauseCampaign,
  resolveRecipient,
  resumeCampaign,
  scheduleCampaign,
} from "@/db/queries/campaigns/control";
import { campaignsPausedFor } from "@/db/queries/campaigns/quota";
import { getCampaignRecipient, listCampaignRecipients } from "@/db/queries/campaigns/recipients";
import {
  createSendingAccount,
  deleteSendingAccount,
  ensureOutboxAccount,
  getSendingAccount,
  updateSendingAccount,
} from "@/db/queries/campaigns/sending-accounts";
import {
  addSuppression,
  alreadyContactedSet,
  removeSuppression,
  suppressedSet,
} from "@/db/queries/campaigns/suppressions";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { campaignControl, campaignStarted } from "@/inngest/events";
import {
  campaignSecretBox,
  runEventId,
  sendDeps,
  sendTestMessage,
  smtpSecretContext,
} from "@/inngest/functions/send-campaign";
import { workspaceAction } from "@/lib/action";
import { getBlobStore } from "@/lib/blob";
import { isValidTimeZone, PacingError, scheduleStartAt, validateSendingWindow, WEEKDAYS, type SendingWindow } from "@/lib/campaigns/pacing";
import {
  importRecipients,
  readRecipientFile,
  RecipientImportError,
  suggestRecipientMapping,
  type RecipientMapping,
  type RecipientTable,
} from "@/lib/campaigns/recipients";
import { checkTemplate } from "@/lib/campaigns/template";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { assertPublicServer } from "@/lib/net/outbound";
import { requestBaseUrl } from "@/lib/auth/base-url";

// Campaigns: sending accounts (admin), campaigns and their recipients (member). Every input is parsed here;
// the queries scope every row by the caller's workspace. Events start or stop the send function after the
// change has committed, with ids derived from the campaign's run generation (a retried call starts nothing new).

const id = z.string().min(1).max(100);
const email = z.string().trim().toLowerCase().email("Enter a valid email address.");

/** Per-file and total limits for campaign attachments (Gmail's 25 MB applies after base64, ~18 MB raw). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_TOTAL_ATTACHMENT_BYTES = 18 * 1024 * 1024;
const MAX_LIST_BYTES = 20 * 1024 * 1024;

const limitsSchema = z.object({
  perHour: z.coerce.number().int(),
  perDay: z.coerce.number().int(),
  minGapSec: z.coerce.number().int(),
  maxGapSec: z.coerce.number().int(),
});

// ———————————————————————————————————————————————————————————— sending accounts

export const createOutboxAccountDef = workspaceAction("createOutboxAccount", "admin", z.object({}), async (_input, ctx) => {
  const a = await ensureOutboxAccount(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId });
  return { accountId: a.id };
});

export const saveSmtpAccountSchema = z.object({
  accountId: id.optional(),
  name: z.string().trim().min(1, "Give the account a name.").max(80),
  fromAddress: email,
  fromName: z.string().trim().max(120).optional(),
  host: z.string().trim().min(1, "SMTP host is required.").max(255),
  port: z.coerce.number().int().min(1).max(65535),
  secure: z.boolean(),
  user: z.string().trim().max(255).optional(),
  /** Empty on update = keep the stored password. */
  password: z.string().max(500).optional(),
  allowInvalidCertificates: z.boolean().optional(),
  limits: limitsSchema.partial().optional(),
});

export const saveSmtpAccountDef = workspaceAction("saveSmtpAccount", "admin", saveSmtpAccountSchema, async (input, ctx) => {
  await assertPublicServer(input.host, "SMTP server", env().outbound);
  const config = {
    host: input.host,
    port: input.port,
    secure: input.secure,
    user: input.user || undefined,
    allowInvalidCertificates: input.allowInvalidCertificates ?? false,
  };
  if (input.accountId) {
    const existing = await getSendingAccount(ctx.db, { workspaceId: ctx.workspaceId, accountId: input.accountId });
    if (!existing || existing.kind !== "smtp") throw new UserError("No such SMTP account in this workspace.", "not_found");
    const a = await updateSendingAccount(ctx.db, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      accountId: existing.id,
      name: input.name,
      fromAddress: input.fromAddress,
      fromName: input.fromName ?? null,
      config,
      limits: input.limits,
      ...(input.password ? { secretEnc: campaignSecretBox().encrypt(input.password, smtpSecretContext(existing.id)), status: "active" as const, lastError: null } : {}),
    });
    return { accountId: a.id };
  }
  if (input.user && !input.password) throw new UserError("Enter the SMTP password for this user.");
  const box = campaignSecretBox();
  const a = await createSendingAccount(ctx.db, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.userId,
    kind: "smtp",
    name: input.name,
    fromAddress: input.fromAddress,
    fromName: input.fromName ?? null,
    config,
    limits: input.limits,
    encryptFor: input.password ? (accountId) => box.encrypt(input.password!, smtpSecretContext(accountId)) : undefined,
  });
  return { accountId: a.id };
});

export const updateAccountPacingDef = workspaceAction(
  "updateAccountPacing",
  "admin",
  z.object({ accountId: id, limits: limitsSchema }),
  async (input, ctx) => {
    const a = await updateSendingAccount(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, accountId: input.accountId, limits: input.limits });
    return { perHour: a.perHour, perDay: a.perDay, minGapSec: a.minGapSec, maxGapSec: a.maxGapSec };
  },
);

export const deleteSendingAccountDef = workspaceAction("deleteSendingAccount", "admin", z.object({ accountId: id }), async (input, ctx) => {
  await deleteSendingAccount(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, accountId: input.accountId });
  return null;
});

// ———————————————————————————————————————————————————————————— recipient list

const fileSchema = z.object({
  filename: z.string().min(1).max(255),
  content: z.instanceof(Uint8Array).refine((b) => b.length <= MAX_LIST_BYTES, "The recipient file is larger than 20 MB; split it."),
});

const mappingSchema = z.object({
  email: z.string().min(1, "Choose which column holds the email address."),
  company: z.string().optional(),
  name: z.string().optional(),
  role: z.string().optional(),
  designation: z.string().optional(),
});

async function readList(file: { filename: string; content: Uint8Array }): Promise<RecipientTable> {
  try {
    return await readRecipientFile(file.content, file.filename);
  } catch (err) {
    if (err instanceof RecipientImportError) throw new UserError(err.message);
    throw err;
  }
}

function cleanMapping(m: z.infer<typeof mappingSchema>): RecipientMapping {
  const out: RecipientMapping = { email: m.email };
  for (const k of ["company", "name", "role", "designation"] as const) if (m[k]) out[k] = m[k];
  return out;
}

async function importFor(ctx: { db: Db; workspaceId: string }, table: RecipientTable, mapping: RecipientMapping, skipAlreadyContacted: boolean) {
  try {
    return importRecipients(table, {
      mapping,
      suppressed: await suppressedSet(ctx.db, { workspaceId: ctx.workspaceId }),
      alreadyContacted: skipAlreadyContacted ? await alreadyContactedSet(ctx.db, { workspaceId: ctx.workspaceId }) : undefined,
      skipAlreadyContacted,
    });
  } catch (err) {
    if (err instanceof RecipientImportError) throw new UserError(err.message);
    throw err;
  }
}

/** Reads an uploaded list: headers, suggested mapping, a sample; with a mapping, the import's result (every skipped row). */
export const inspectRecipientFileDef = workspaceAction(
  "inspectRecipientFile",
  "member",
  fileSchema.extend({ mapping: mappingSchema.optional(), skipAlreadyContacted: z.boolean().default(true) }),
  async (input, ctx) => {
    const table = await readList(input);
    const suggestion = suggestRecipientMapping(table.headers, table.rows.slice(0, 50).map((r) => r.cells));
    const mapping = input.mapping ? cleanMapping(input.mapping) : suggestion.mapping.email ? (suggestion.mapping as RecipientMapping) : null;
    const result = mapping ? await importFor(ctx, table, mapping, input.skipAlreadyContacted) : null;
    return {
      headers: table.headers,
      sheetName: table.sheetName ?? null,
      warnings: table.warnings ?? [],
      totalRows: table.rows.length,
      sample: table.rows.slice(0, 5).map((r) => r.cells),
      suggestion: suggestion.mapping,
      mapping,
      result: result && {
        recipients: result.recipients.length,
        columns: result.columns,
        columnKeys: result.columnKeys,
        skipped: result.skipped,
        preview: result.recipients.slice(0, 3).map((r) => r.fields),
      },
    };
  },
);

// ———————————————————————————————————————————————————————————— campaigns

const templateSchema = z.object({
  subject: z.string().trim().min(1, "Write a subject.").max(300),
  textBody: z.string().max(100_000).optional(),
  htmlBody: z.string().max(300_000).optional(),
  onEmpty: z.enum(["skip", "fallback"]),
  fallbacks: z.record(z.string(), z.string().max(500)).default({}),
});

function assertTemplate(t: z.infer<typeof templateSchema>, columns: readonly string[]) {
  if (!t.textBody?.trim() && !t.htmlBody?.trim()) throw new UserError("Write the message body (plain text, HTML or both).");
  const check = checkTemplate({ subject: t.subject, text: t.textBody || undefined, html: t.htmlBody || undefined }, columns);
  if (!check.ok) throw new UserError(`Fix the template before saving: ${check.errors.map((e) => `${e.part}: ${e.message}`).join("; ")}`);
}

const attachmentSchema = z.object({ filename: z.string().min(1).max(200), contentType: z.string().max(200).optional(), content: z.instanceof(Uint8Array) });

function assertAttachments(list: { filename: string; content: Uint8Array }[]) {
  let total = 0;
  for (const a of list) {
    if (a.content.length === 0) throw new UserError(`${a.filename} is empty.`);
    if (a.content.length > MAX_ATTACHMENT_BYTES) throw new UserError(`${a.filename} is larger than 10 MB; attach a smaller file or a link.`);
    total += a.content.length;
  }
  if (total > MAX_TOTAL_ATTACHMENT_BYTES) throw new UserError("Attachments exceed 18 MB in total (Gmail's 25 MB limit after encoding).");
}

export const createCampaignSchema = templateSchema.extend({
  name: z.string().trim().min(1, "Give the campaign a name.").max(120),
  accountId: id,
  file: fileSchema,
  mapping: mappingSchema,
  skipAlreadyContacted: z.boolean().default(true),
  timeZone: z.string().refine(isValidTimeZone, "Unknown time zone."),
  attachments: z.array(attachmentSchema).max(10, "At most 10 attachments.").default([]),
});

export const createCampaignDef = workspaceAction("createCampaign", "member", createCampaignSchema, async (input, ctx) => {
  const account = await getSendingAccount(ctx.db, { workspaceId: ctx.workspaceId, accountId: input.accountId });
  if (!account) throw new UserError("Choose a sending account of this workspace.", "not_found");
  assertAttachments(input.attachments);
  const table = await readList(input.file);
  const imported = await importFor(ctx, table, cleanMapping(input.mapping), input.skipAlreadyContacted);
  assertTemplate(input, imported.columns);
  const c = await createCampaign(ctx.db, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.userId,
    accountId: account.id,
    name: input.name,
    timeZone: input.timeZone,
    subject: input.subject,
    textBody: input.textBody?.trim() ? input.textBody : null,
    htmlBody: input.htmlBody?.trim() ? input.htmlBody : null,
    onEmpty: input.onEmpty,
    fallbacks: input.fallbacks,
    imported,
    sourceFilename: input.file.filename,
  });
  const blobs = await getBlobStore();
  for (const a of input.attachments) {
    const key = `${ctx.workspaceId}/campaigns/${c.id}/${crypto.randomUUID()}`;
    await blobs.put(key, a.content, a.contentType || "application/octet-stream");
    await addCampaignAttachment(ctx.db, {
      workspaceId: ctx.workspaceId,
      campaignId: c.id,
      filename: a.filename,
      contentType: a.contentType || "application/octet-stream",
      size: a.content.length,
      blobKey: key,
    });
  }
  return { campaignId: c.id, recipients: imported.recipients.length, skipped: imported.skipped.length };
});

export const updateCampaignTemplateDef = workspaceAction(
  "updateCampaignTemplate",
  "member",
  templateSchema.extend({ campaignId: id, name: z.string().trim().min(1).max(120).optional() }),
  async (input, ctx) => {
    const c = await requireCampaign(ctx.db, { workspaceId: ctx.workspaceId, campaignId: input.campaignId });
    assertTemplate(input, c.columns);
    await updateCampaignTemplate(ctx.db, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      campaignId: c.id,
      name: input.name,
      subject: input.subject,
      textBody: input.textBody?.trim() ? input.textBody : null,
      htmlBody: input.htmlBody?.trim() ? input.htmlBody : null,
      onEmpty: input.onEmpty,
      fallbacks: input.fallbacks,
    });
    return null;
  },
);

export const sendTestMessageDef = workspaceAction(
  "sendTestMessage",
  "member",
  z.object({ campaignId: id, recipientId: id.optional() }),
  async (input, ctx) => {
    const c = await requireCampaign(ctx.db, { workspaceId: ctx.workspaceId, campaignId: input.campaignId });
    const [me] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, ctx.userId));
    if (!me?.email) throw new UserError("Your account has no email address to send the test to.");
    const r = input.recipientId
      ? await getCampaignRecipient(ctx.db, { workspaceId: ctx.workspaceId, campaignId: c.id, recipientId: input.recipientId })
      : (await listCampaignRecipients(ctx.db, { workspaceId: ctx.workspaceId, campaignId: c.id, limit: 1 })).rows[0];
    if (!r) throw new UserError("No such recipient in this campaign.", "not_found");
    const deps = await sendDeps();
    const out = await sendTestMessage(
      { ...deps, db: ctx.db },
      { workspaceId: ctx.workspaceId, campaignId: c.id, to: me.email, recipient: r, linkBase: await requestBaseUrl() },
    );
    if (!out.ok) throw new UserError(`The test was not sent: ${out.error}`);
    return { to: me.email, providerMessageId: out.providerMessageId, delivered: out.delivered, renderedFor: r.email };
  },
);

const windowSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)).min(1, "Choose at least one sending day."),
  start: z.string(),
  end: z.string(),
});

export const scheduleCampaignDef = workspaceAction(
  "scheduleCampaign",
  "member",
  z.object({
    campaignId: id,
    mode: z.enum(["now", "at"]),
    localDateTime: z.string().max(40).optional(),
    timeZone: z.string().refine(isValidTimeZone, "Unknown time zone."),
    window: windowSchema.nullable().default(null),
  }),
  async (input, ctx) => {
    let startAt: Date | null = null;
    let window: SendingWindow | null = null;
    try {
      if (input.mode === "at") {
        if (!input.localDateTime) throw new UserError("Choose the date and time to start.");
        startAt = scheduleStartAt(input.localDateTime, input.timeZone);
        if (startAt.getTime() < Date.now() - 60_000) throw new UserError("That start time is in the past; choose a later one or Send now.");
      }
      if (input.window) {
        window = { timeZone: input.timeZone, days: input.window.days, start: input.window.start, end: input.window.end };
        validateSendingWindow(window);
      }
    } catch (err) {
      if (err instanceof PacingError) throw new UserError(err.message);
      throw err;
    }
    const c = await scheduleCampaign(ctx.db, {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      campaignId: input.campaignId,
      startAt,
      timeZone: input.timeZone,
      window,
      linkBase: await requestBaseUrl(),
    });
    await inngest.send(campaignStarted.create({ workspaceId: ctx.workspaceId, campaignId: c.id }, { id: runEventId(c.id, c.runGeneration) }));
    return { status: c.status, startAt: c.startAt?.toISOString() ?? null };
  },
);

export const pauseCampaignDef = workspaceAction("pauseCampaign", "member", z.object({ campaignId: id }), async (input, ctx) => {
  const c = await pauseCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId: input.campaignId });
  await inngest.send(campaignControl.create({ workspaceId: ctx.workspaceId, campaignId: c.id, action: "pause" }, { id: `campaign-${c.id}-pause-${c.runGeneration}` }));
  return { status: c.status };
});

export const resumeCampaignDef = workspaceAction("resumeCampaign", "member", z.object({ campaignId: id }), async (input, ctx) => {
  const c = (await resumeCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId: input.campaignId }))!;
  await inngest.send(campaignStarted.create({ workspaceId: ctx.workspaceId, campaignId: c.id }, { id: runEventId(c.id, c.runGeneration) }));
  return { status: c.status };
});

/** After Google access is back: resume every campaign of the account that paused because access was revoked. */
export const resumeAccountCampaignsDef = workspaceAction("resumeAccountCampaigns", "member", z.object({ accountId: id }), async (input, ctx) => {
  const account = await getSendingAccount(ctx.db, { workspaceId: ctx.workspaceId, accountId: input.accountId });
  if (!account) throw new UserError("No such sending account in this workspace.", "not_found");
  if (account.status === "needs_reconnect") throw new UserError(`Reconnect ${account.fromAddress} first; its campaigns cannot send until then.`, "conflict");
  const waiting = await campaignsPausedFor(ctx.db, { workspaceId: ctx.workspaceId, accountId: account.id, reason: "auth_revoked" });
  let resumed = 0;
  for (const w of waiting) {
    const c = await resumeCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId: w.id, onlyReason: "auth_revoked" });
    if (!c) continue; // resumed or cancelled by someone else meanwhile
    await inngest.send(campaignStarted.create({ workspaceId: ctx.workspaceId, campaignId: c.id }, { id: runEventId(c.id, c.runGeneration) }));
    resumed++;
  }
  return { resumed };
});

export const cancelCampaignDef = workspaceAction("cancelCampaign", "member", z.object({ campaignId: id }), async (input, ctx) => {
  const c = await cancelCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId: input.campaignId });
  await inngest.send(campaignControl.create({ workspaceId: ctx.workspaceId, campaignId: c.id, action: "cancel" }, { id: `campaign-${c.id}-cancel` }));
  return { status: c.status };
});

export const resolveRecipientDef = workspaceAction(
  "resolveRecipient",
  "member",
  z.object({ campaignId: id, recipientId: id, decision: z.enum(["retry", "mark_sent"]) }),
  async (input, ctx) => {
    const { campaign, recipientStatus } = await resolveRecipient(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input });
    if (recipientStatus === "pending" && campaign.status === "sending") {
      // The campaign's run may have finished waiting on this recipient: start the next one.
      const g = await bumpGeneration(ctx.db, { workspaceId: ctx.workspaceId, campaignId: campaign.id });
      if (g) await inngest.send(campaignStarted.create({ workspaceId: ctx.workspaceId, campaignId: campaign.id }, { id: runEventId(campaign.id, g.runGeneration) }));
    }
    return { status: recipientStatus };
  },
);

// ———————————————————————————————————————————————————————————— suppression list

export const addSuppressionDef = workspaceAction("addSuppression", "member", z.object({ email }), async (input, ctx) => {
  const r = await addSuppression(ctx.db, { workspaceId: ctx.workspaceId, email: input.email, reason: "manual", actorId: ctx.userId });
  return r;
});

export const removeSuppressionDef = workspaceAction("removeSuppression", "admin", z.object({ email }), async (input, ctx) => {
  await removeSuppression(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, email: input.email });
  return null;
});
