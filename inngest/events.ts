import { eventType } from "inngest";
import { z } from "zod";

// Every event the app sends, with its data schema, and below them the one builder per event (`appEvent.*`) that
// gives it its deterministic id. Functions trigger on the types (`triggers: [documentUploaded]`); app code sends
// `sendEvents(appEvent.campaignStarted(c))` (inngest/send.ts) after its transaction commits, and functions send
// `step.sendEvent("start", appEvent.campaignStarted(c))`; either way the data is validated before it leaves the
// process, and the same cause always yields the same id, so a retried call or step never starts a second run.
// Names follow `app/<noun>.<past-verb>`. To add one: declare it with a zod object schema (no transforms: the SDK
// sends the input as-is), add it to `appEvents` and give it a builder in `appEvent`.

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

/** Why a document is (re-)indexed: after its reading (the reading event's id), the backlog sweep, or a person's request. */
export type IndexCause = { after: "read"; readEventId?: string } | { after: "backlog" } | { after: "request"; requestedAt: Date };

/** The one builder per event: its data and its deterministic id. */
export const appEvent = {
  /** A document's nth reading (0 = as stored; n = the nth Retry or Read as invoice); the stuck-document sweep re-sends the same id. */
  documentUploaded: (d: { workspaceId: string; documentId: string; attempts?: number }) =>
    documentUploaded.create({ workspaceId: d.workspaceId, documentId: d.documentId }, { id: documentEventId(d.documentId, d.attempts ?? 0) }),
  documentIndexRequested: (d: { workspaceId: string; documentId: string }, cause: IndexCause) =>
    documentIndexRequested.create(
      { workspaceId: d.workspaceId, documentId: d.documentId, ...(cause.after === "request" ? { force: true } : {}) },
      {
        id:
          cause.after === "read"
            ? `document-index-${d.documentId}-${cause.readEventId ?? "read"}`
            : cause.after === "backlog"
              ? `document-index-${d.documentId}-backlog`
              : `document-reindex-${d.documentId}-${cause.requestedAt.getTime()}`,
      },
    ),
  /** Matching of a case's current generation (a re-match bumps it). */
  caseCreated: (c: { workspaceId: string; id: string; generation: number }) =>
    caseCreated.create({ workspaceId: c.workspaceId, caseId: c.id }, { id: `case-match-${c.id}-${c.generation}` }),
  catalogUploaded: (c: { workspaceId: string; id: string }) =>
    catalogUploaded.create({ workspaceId: c.workspaceId, catalogId: c.id }, { id: `catalog-import-${c.id}` }),
  /** After the catalog's import, or an admin's (re)build with a model at a time. */
  /** After its import; a person's request; or start-up finding its texts written by an older rule (one per rule version). */
  catalogEmbedRequested: (
    c: { workspaceId: string; id: string },
    cause: { after: "import" } | { after: "request"; model: string; requestedAt: Date } | { after: "texts-rule"; model: string; version: number },
  ) =>
    catalogEmbedRequested.create(
      { workspaceId: c.workspaceId, catalogId: c.id },
      {
        id:
          cause.after === "import"
            ? `catalog-embed-${c.id}-import`
            : cause.after === "texts-rule"
              ? `catalog-embed-${c.id}-${cause.model}-texts-v${cause.version}`
              : `catalog-embed-${c.id}-${cause.model}-${cause.requestedAt.getTime()}`,
      },
    ),
  /** A run of the campaign's current generation (schedule, resume, a recipient put back, the quota sweep). */
  campaignStarted: (c: { workspaceId: string; id: string; runGeneration: number }) =>
    campaignStarted.create({ workspaceId: c.workspaceId, campaignId: c.id }, { id: campaignRunEventId(c.id, c.runGeneration) }),
  campaignPaused: (c: { workspaceId: string; id: string; runGeneration: number }) =>
    campaignControl.create({ workspaceId: c.workspaceId, campaignId: c.id, action: "pause" }, { id: `campaign-${c.id}-pause-${c.runGeneration}` }),
  campaignCancelled: (c: { workspaceId: string; id: string }) =>
    campaignControl.create({ workspaceId: c.workspaceId, campaignId: c.id, action: "cancel" }, { id: `campaign-${c.id}-cancel` }),
  /** A poll of one mailbox: the scheduler's minute, the backlog left after a batch, or a person's "Poll now". */
  mailboxPoll: (m: { workspaceId: string; id: string }, cause: { after: "schedule"; minute: string } | { after: "backlog"; cursor: string } | { after: "request"; requestedAt: Date }) =>
    mailboxPoll.create(
      { workspaceId: m.workspaceId, mailboxId: m.id },
      {
        id:
          cause.after === "schedule"
            ? `mailbox-poll-${m.id}-${cause.minute}`
            : cause.after === "backlog"
              ? `mailbox-poll-${m.id}-after-${cause.cursor}`
              : `mailbox-poll-${m.id}-now-${cause.requestedAt.getTime()}`,
      },
    ),
} as const;

/** The id of a document's processing event for its nth reading (0 = as stored; n = the nth Retry). */
export function documentEventId(documentId: string, attempts: number) {
  return `document-uploaded-${documentId}-${attempts === 0 ? "first" : `retry-${attempts}`}`;
}

/** The id of a campaign's run event for a generation. */
export function campaignRunEventId(campaignId: string, generation: number) {
  return `campaign-${campaignId}-run-${generation}`;
}

export type AppEventPayload = ReturnType<(typeof appEvent)[keyof typeof appEvent]>;
