import { NonRetriableError, RetryAfterError } from "inngest";
import { listMailboxesDue, loadMailboxForPoll, recordMailboxPoll } from "@/db/queries/mailboxes";
import { inngest } from "@/inngest/client";
import { appEvent, mailboxPoll } from "@/inngest/events";
import { classifyPollError, fetchAndStore, markProcessed, MAX_BATCHES_PER_RUN, problemsOf, type BatchResult, type Failure, type StoredItem } from "@/services/mailboxes/poll-batch";
import { mailboxPollDeps, type MailboxPollDeps } from "@/services/mailboxes/poll-deps";

// Mailbox polling, the user's story top to bottom:
//   every minute: find the mailboxes whose interval has passed → one app/mailbox.poll event each (id per
//   mailbox + minute, so a retried scheduler never doubles a poll)
//   per mailbox (one at a time per mailbox): fetch a batch of new messages and store each one (messages +
//   attachments as documents, once per Message-ID) → only then mark them processed on the server and save the
//   cursor → hand the new documents to processing → record last polled / last success / last error.
// The mailbox secret is decrypted inside each step that connects and never leaves it: step outputs are stored
// (and shown on the Jobs page), so they carry ids and counts only, never a password or a message body.

function rethrow(f: Failure): never {
  if (f.retry === "never") throw new NonRetriableError(f.message);
  if (f.retry === "after") throw new RetryAfterError(f.message, `${f.afterSeconds ?? 60}s`);
  throw new Error(f.message);
}

// ———————————————————————————————————————————————————————————— the functions

export function createMailboxPollFunctions(getDeps: () => Promise<MailboxPollDeps>) {
  const scheduleMailboxPolls = inngest.createFunction(
    { id: "schedule-mailbox-polls", name: "Schedule mailbox polls", retries: 2, triggers: [{ cron: "* * * * *" }] },
    async ({ step }) => {
      const due = await step.run("find-due-mailboxes", async () => {
        const deps = await getDeps();
        const now = deps.now();
        const mailboxes = await listMailboxesDue(deps.db, { now: new Date(now) });
        return { minute: new Date(Math.floor(now / 60_000) * 60_000).toISOString().slice(0, 16), mailboxes };
      });
      if (due.mailboxes.length === 0) return { polled: 0 };
      await step.sendEvent(
        "poll-due-mailboxes",
        due.mailboxes.map((m) =>
          appEvent.mailboxPoll(m, { after: "schedule", minute: due.minute }),
        ),
      );
      return { polled: due.mailboxes.length, minute: due.minute };
    },
  );

  const pollMailbox = inngest.createFunction(
    {
      id: "poll-mailbox",
      name: "Poll mailbox",
      retries: 4,
      triggers: [mailboxPoll],
      // One poll per mailbox at a time: the cursor and the server-side marks belong to one poller.
      concurrency: { limit: 1, key: "event.data.mailboxId" },
    },
    async ({ event, step }) => {
      const { workspaceId, mailboxId } = event.data;

      // Load (without the secret: it is decrypted again inside each step that connects).
      const loaded = await step.run("load-mailbox", async () => {
        const deps = await getDeps();
        try {
          const mb = await loadMailboxForPoll(deps.db, deps.box, { workspaceId, id: mailboxId });
          if (!mb) return { state: "missing" as const };
          if (!mb.enabled) return { state: "disabled" as const, name: mb.name };
          return { state: "ready" as const, name: mb.name, kind: mb.settings.kind, cursor: mb.cursor };
        } catch (err) {
          const f = classifyPollError(err);
          await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, at: new Date(deps.now()), ok: false, error: f.message });
          return rethrow(f);
        }
      });
      if (loaded.state !== "ready") return { skipped: loaded.state };

      const open = async (deps: MailboxPollDeps) => {
        const mb = await loadMailboxForPoll(deps.db, deps.box, { workspaceId, id: mailboxId });
        if (!mb) throw new NonRetriableError("The mailbox was deleted while it was being polled.");
        return mb;
      };

      let cursor: Record<string, unknown> | null = loaded.cursor;
      const items: StoredItem[] = [];
      const oversized: BatchResult["oversized"] = [];
      let documents = 0;
      let more = false;
      for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
        // Fetch and store: the raw messages never leave this step; its output is ids and counts.
        const batch = await step.run(`fetch-and-store-${i}`, async () => {
          const deps = await getDeps();
          try {
            return await fetchAndStore(deps, await open(deps), cursor);
          } catch (err) {
            if (err instanceof NonRetriableError) throw err;
            const f = classifyPollError(err);
            await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, at: new Date(deps.now()), ok: false, error: f.message });
            return rethrow(f);
          }
        });
        items.push(...batch.items);
        oversized.push(...batch.oversized);
        documents += batch.newDocuments.length;

        // Only now that the messages are committed: mark them on the server, then move the cursor past them.
        if (batch.items.length > 0 || batch.oversized.length > 0 || JSON.stringify(batch.cursor) !== JSON.stringify(cursor ?? {})) {
          await step.run(`mark-processed-${i}`, async () => {
            const deps = await getDeps();
            try {
              const marked = await markProcessed(deps, await open(deps), batch);
              await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, cursor: batch.cursor });
              return { marked };
            } catch (err) {
              if (err instanceof NonRetriableError) throw err;
              const f = classifyPollError(err);
              await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, at: new Date(deps.now()), ok: false, error: f.message });
              return rethrow(f);
            }
          });
        }
        const handOn = [...batch.newDocuments, ...batch.pendingDocuments];
        if (handOn.length > 0) {
          await step.run(`start-processing-${i}`, async () => {
            const deps = await getDeps();
            await deps.startProcessing(handOn);
            return { documents: handOn.length };
          });
        }
        cursor = batch.cursor;
        more = batch.more;
        if (!more) break;
      }

      const summary = await step.run("record-result", async () => {
        const deps = await getDeps();
        const error = problemsOf(items, oversized);
        await recordMailboxPoll(deps.db, { workspaceId, id: mailboxId, at: new Date(deps.now()), ok: true, error });
        return {
          stored: items.filter((i) => i.status === "stored").length,
          duplicates: items.filter((i) => i.status === "duplicate").length,
          unreadable: items.filter((i) => i.status === "error").length,
          oversized: oversized.length,
          documents,
          messageIds: items.filter((i) => i.status === "stored").map((i) => i.messageId),
        };
      });

      // A backlog larger than one run: continue in a fresh run (keeps each run's history small).
      if (more) {
        const after = cursor && typeof cursor.lastUid === "number" ? `${cursor.uidValidity}-${cursor.lastUid}` : `${event.id ?? "graph"}-more`;
        await step.sendEvent("continue-backlog", appEvent.mailboxPoll({ workspaceId, id: mailboxId }, { after: "backlog", cursor: after }));
      }
      return { ...summary, continued: more };
    },
  );

  return { scheduleMailboxPolls, pollMailbox };
}

export const { scheduleMailboxPolls, pollMailbox } = createMailboxPollFunctions(mailboxPollDeps);

