import { eventType } from "inngest";
import { z } from "zod";

// Every event the app sends, with its data schema. Functions trigger on these (`triggers: [documentUploaded]`)
// and code sends them with `inngest.send(documentUploaded.create({ ... }, { id }))`, which validates the
// data before anything leaves the process. Names follow `app/<noun>.<past-verb>`. To add one: declare it
// here with a zod object schema (no transforms: the SDK sends the input as-is) and export it.

const id = z.string().min(1);

export const documentUploaded = eventType("app/document.uploaded", {
  schema: z.object({ workspaceId: id, documentId: id }),
});

/** (Re-)index a document for search and questions: after it was read, or when a member asks for a re-index. */
export const documentIndexRequested = eventType("app/document.index-requested", {
  schema: z.object({ workspaceId: id, documentId: id, force: z.boolean().optional() }),
});

/** Evaluate a workspace's alert rules now (also run hourly for every workspace). */
export const alertsEvaluationRequested = eventType("app/alerts.evaluation-requested", {
  schema: z.object({ workspaceId: id }),
});

export const caseCreated = eventType("app/case.created", {
  schema: z.object({ workspaceId: id, caseId: id }),
});

/** An insurer catalog file was uploaded: import its entries in the background. */
export const catalogUploaded = eventType("app/catalog.uploaded", {
  schema: z.object({ workspaceId: id, catalogId: id }),
});

/** Embed a catalog's version texts (OpenAI on): after its import, or when an admin asks to (re)build them. */
export const catalogEmbedRequested = eventType("app/catalog.embed-requested", {
  schema: z.object({ workspaceId: id, catalogId: id }),
});

export const campaignStarted = eventType("app/campaign.started", {
  schema: z.object({ workspaceId: id, campaignId: id }),
});

/** Pause, resume or cancel a campaign; running campaign functions wait for / cancel on this event. */
export const campaignControl = eventType("app/campaign.control", {
  schema: z.object({ workspaceId: id, campaignId: id, action: z.enum(["pause", "resume", "cancel"]) }),
});

/** Poll one connected mailbox now (also fired by the scheduled poller). */
export const mailboxPoll = eventType("app/mailbox.poll", {
  schema: z.object({ workspaceId: id, mailboxId: id }),
});

export const appEvents = {
  documentUploaded,
  documentIndexRequested,
  alertsEvaluationRequested,
  caseCreated,
  catalogUploaded,
  catalogEmbedRequested,
  campaignStarted,
  campaignControl,
  mailboxPoll,
} as const;

export type AppEventName = (typeof appEvents)[keyof typeof appEvents]["name"];
