"use server";

import { z } from "zod";
import { deleteSendingAccount, ensureOutboxAccount, updateSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { addSuppression, removeSuppression } from "@/db/queries/campaigns/suppressions";
import { workspaceAction } from "@/lib/action";
import { requestBaseUrl } from "@/lib/auth/base-url";
import { MAX_LIST_BYTES } from "@/lib/campaigns/campaign-input";
import { isValidTimeZone, WEEKDAYS } from "@/lib/campaigns/pacing";
import { fileField, filesField, jsonField } from "@/lib/form-data";
import { cancelCampaign } from "@/services/campaigns/cancel-campaign";
import { createCampaign } from "@/services/campaigns/create-campaign";
import { pauseCampaign } from "@/services/campaigns/pause-campaign";
import { inspectRecipientFile } from "@/services/campaigns/recipient-list";
import { resolveRecipient } from "@/services/campaigns/resolve-recipient";
import { resumeAccountCampaigns, resumeCampaign } from "@/services/campaigns/resume-campaign";
import { checkSmtpServer, saveSmtpAccount } from "@/services/campaigns/save-smtp-account";
import { scheduleCampaign } from "@/services/campaigns/schedule-campaign";
import { sendTestToMe } from "@/services/campaigns/send-test-message";
import { changeCampaignTemplate } from "@/services/campaigns/update-campaign-template";

// Campaigns: sending accounts (admin), campaigns and their recipients (member), the suppression list. Events that
// start or stop the send function go out from the services after the change has committed.

const PAGES = ["/campaigns"];
const id = z.string().min(1).max(100);
const email = z.string().trim().toLowerCase().email("Enter a valid email address.");
const limitsSchema = z.object({ perHour: z.coerce.number().int(), perDay: z.coerce.number().int(), minGapSec: z.coerce.number().int(), maxGapSec: z.coerce.number().int() });
const timeZone = z.string().refine(isValidTimeZone, "Unknown time zone.");
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
const templateSchema = z.object({
  subject: z.string().trim().min(1, "Write a subject.").max(300),
  textBody: z.string().max(100_000).optional(),
  htmlBody: z.string().max(300_000).optional(),
  onEmpty: z.enum(["skip", "fallback"]),
  fallbacks: z.record(z.string(), z.string().max(500)).default({}),
});
const attachmentSchema = z.object({ filename: z.string().min(1).max(200), contentType: z.string().max(200).optional(), content: z.instanceof(Uint8Array) });
const windowSchema = z.object({ days: z.array(z.enum(WEEKDAYS)).min(1, "Choose at least one sending day."), start: z.string(), end: z.string() });

// ———————————————————————————————————————————————————————————— sending accounts

export const createOutboxAccountAction = workspaceAction(
  { name: "createOutboxAccount", role: "admin", schema: z.object({}), revalidateLayout: PAGES },
  async (_input, ctx) => ({ accountId: (await ensureOutboxAccount(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId })).id }),
);

export const saveSmtpAccountAction = workspaceAction(
  {
    name: "saveSmtpAccount",
    role: "admin",
    schema: z.object({
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
    }),
    outside: async (input) => checkSmtpServer(input.host),
    revalidateLayout: PAGES,
  },
  async (input, ctx) => saveSmtpAccount(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId }, input),
);

export const updateAccountPacingAction = workspaceAction(
  { name: "updateAccountPacing", role: "admin", schema: z.object({ accountId: id, limits: limitsSchema }), revalidateLayout: PAGES },
  async (input, ctx) => {
    const a = await updateSendingAccount(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, accountId: input.accountId, limits: input.limits });
    return { perHour: a.perHour, perDay: a.perDay, minGapSec: a.minGapSec, maxGapSec: a.maxGapSec };
  },
);

export const deleteSendingAccountAction = workspaceAction(
  { name: "deleteSendingAccount", role: "admin", schema: z.object({ accountId: id }), revalidateLayout: PAGES },
  async (input, ctx) => {
    await deleteSendingAccount(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, accountId: input.accountId });
    return null;
  },
);

// ———————————————————————————————————————————————————————————— recipient list and campaigns

/** FormData: file, optional mapping (JSON), skipAlreadyContacted ("1"/"0"). Headers, suggested mapping, sample, import result. */
export const inspectRecipientFileAction = workspaceAction(
  {
    name: "inspectRecipientFile",
    role: "member",
    lock: false, // reads a file of up to 20 MB; writes nothing
    schema: fileSchema.extend({ mapping: mappingSchema.optional(), skipAlreadyContacted: z.boolean().default(true) }),
    form: async (form) => {
      const file = await fileField(form, "file");
      return { filename: file?.filename, content: file?.content, mapping: jsonField(form, "mapping"), skipAlreadyContacted: form.get("skipAlreadyContacted") !== "0" };
    },
  },
  async (input, ctx) => inspectRecipientFile(ctx.db, { workspaceId: ctx.workspaceId }, input),
);

/** FormData: file, attachments (files), and the rest as JSON in "campaign". */
export const createCampaignAction = workspaceAction(
  {
    name: "createCampaign",
    role: "member",
    schema: templateSchema.extend({
      name: z.string().trim().min(1, "Give the campaign a name.").max(120),
      accountId: id,
      file: fileSchema,
      mapping: mappingSchema,
      skipAlreadyContacted: z.boolean().default(true),
      timeZone,
      attachments: z.array(attachmentSchema).max(10, "At most 10 attachments.").default([]),
    }),
    form: async (form) => {
      const rest = jsonField(form, "campaign");
      return { ...(rest && typeof rest === "object" ? rest : {}), file: await fileField(form, "file"), attachments: await filesField(form, "attachments") };
    },
    revalidate: PAGES,
  },
  async (input, ctx) => createCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId }, input),
);

export const updateCampaignTemplateAction = workspaceAction(
  { name: "updateCampaignTemplate", role: "member", schema: templateSchema.extend({ campaignId: id, name: z.string().trim().min(1).max(120).optional() }), revalidateLayout: PAGES },
  async ({ campaignId, ...template }, ctx) => {
    await changeCampaignTemplate(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId }, template);
    return null;
  },
);

export const sendTestMessageAction = workspaceAction(
  { name: "sendTestMessage", role: "member", lock: false /* sends mail */, schema: z.object({ campaignId: id, recipientId: id.optional() }) },
  async (input, ctx) => sendTestToMe(ctx.db, { workspaceId: ctx.workspaceId, userId: ctx.userId, ...input, linkBase: await requestBaseUrl() }),
);

export const scheduleCampaignAction = workspaceAction(
  {
    name: "scheduleCampaign",
    role: "member",
    schema: z.object({ campaignId: id, mode: z.enum(["now", "at"]), localDateTime: z.string().max(40).optional(), timeZone, window: windowSchema.nullable().default(null) }),
    revalidateLayout: PAGES,
  },
  async ({ campaignId, ...when }, ctx) => scheduleCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId, linkBase: await requestBaseUrl() }, when),
);

export const pauseCampaignAction = workspaceAction(
  { name: "pauseCampaign", role: "member", schema: z.object({ campaignId: id }), revalidateLayout: PAGES },
  async (input, ctx) => pauseCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId: input.campaignId }),
);

export const resumeCampaignAction = workspaceAction(
  { name: "resumeCampaign", role: "member", schema: z.object({ campaignId: id }), revalidateLayout: PAGES },
  async (input, ctx) => resumeCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId: input.campaignId }),
);

/** After Google access is back: resume every campaign of the account that paused because access was revoked. */
export const resumeAccountCampaignsAction = workspaceAction(
  { name: "resumeAccountCampaigns", role: "member", schema: z.object({ accountId: id }), revalidateLayout: PAGES },
  async (input, ctx) => resumeAccountCampaigns(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, accountId: input.accountId }),
);

export const cancelCampaignAction = workspaceAction(
  { name: "cancelCampaign", role: "member", schema: z.object({ campaignId: id }), revalidateLayout: PAGES },
  async (input, ctx) => cancelCampaign(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, campaignId: input.campaignId }),
);

export const resolveRecipientAction = workspaceAction(
  { name: "resolveRecipient", role: "member", schema: z.object({ campaignId: id, recipientId: id, decision: z.enum(["retry", "mark_sent"]) }), revalidateLayout: PAGES },
  async (input, ctx) => resolveRecipient(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

// ———————————————————————————————————————————————————————————— suppression list

export const addSuppressionAction = workspaceAction(
  { name: "addSuppression", role: "member", schema: z.object({ email }), revalidateLayout: PAGES },
  async (input, ctx) => addSuppression(ctx.db, { workspaceId: ctx.workspaceId, email: input.email, reason: "manual", actorId: ctx.userId }),
);

export const removeSuppressionAction = workspaceAction(
  { name: "removeSuppression", role: "admin", schema: z.object({ email }), revalidateLayout: PAGES },
  async (input, ctx) => {
    await removeSuppression(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, email: input.email });
    return null;
  },
);
