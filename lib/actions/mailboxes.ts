"use server";

import { z } from "zod";
import { graphMailboxConfigSchema, imapMailboxConfigSchema, type MailboxSettings } from "@/lib/intake/mailbox-settings";
import { workspaceAction } from "@/lib/action";
import { pollMailboxNow } from "@/services/mailboxes/poll-mailbox-now";
import { addMailbox, changeMailbox, checkMailboxServers, enableMailbox, removeMailbox } from "@/services/mailboxes/save-mailbox";
import { testMailboxConnection } from "@/services/mailboxes/test-mailbox-connection";

// Settings → Mailboxes. Admins add, change, test, disable and delete them; members may ask for a poll now.
// Nothing here ever returns a secret.

const PAGE = "/settings/mailboxes";
const id = z.string().trim().min(1, "Mailbox id is required.");
const secret = z.string().max(4000, "The secret is too long.").optional();

const common = {
  name: z.string().trim().min(1, "Name is required.").max(100, "Name is too long (100 characters at most)."),
  purpose: z.enum(["invoices", "insurance"], "Purpose must be invoices or insurance."),
  pollEveryMinutes: z.coerce
    .number()
    .int("Poll interval must be a whole number of minutes.")
    .min(1, "Poll at most once a minute.")
    .max(1440, "Poll at least once a day (1440 minutes)."),
  secret,
};

const settingsSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("imap"), config: imapMailboxConfigSchema }),
  z.object({ kind: z.literal("graph"), config: graphMailboxConfigSchema }),
]);

function settingsOf(input: z.infer<typeof settingsSchema>): MailboxSettings {
  return input.kind === "imap" ? { kind: "imap", config: input.config } : { kind: "graph", config: input.config };
}

function mailboxForm(input: z.infer<typeof settingsSchema> & { name: string; purpose: "invoices" | "insurance"; pollEveryMinutes: number; secret?: string }) {
  return { name: input.name, purpose: input.purpose, pollEveryMinutes: input.pollEveryMinutes, settings: settingsOf(input), secret: input.secret };
}

export const createMailboxAction = workspaceAction(
  {
    name: "createMailbox",
    role: "admin",
    schema: z.intersection(settingsSchema, z.object(common)),
    outside: async (input) => checkMailboxServers(settingsOf(input)),
    revalidate: [PAGE],
  },
  async (input, ctx) => addMailbox(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId }, mailboxForm(input)),
);

export const updateMailboxAction = workspaceAction(
  {
    name: "updateMailbox",
    role: "admin",
    schema: z.intersection(settingsSchema, z.object({ ...common, id })),
    outside: async (input) => checkMailboxServers(settingsOf(input)),
    revalidate: [PAGE],
  },
  async (input, ctx) => changeMailbox(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, id: input.id }, mailboxForm(input)),
);

export const setMailboxEnabledAction = workspaceAction(
  { name: "setMailboxEnabled", role: "admin", schema: z.object({ id, enabled: z.boolean() }), revalidate: [PAGE] },
  async (input, ctx) => enableMailbox(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, ...input }),
);

export const deleteMailboxAction = workspaceAction(
  { name: "deleteMailbox", role: "admin", schema: z.object({ id }), revalidate: [PAGE] },
  async (input, ctx) => removeMailbox(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, id: input.id }),
);

/** Test the settings in the form; with `id` and no secret, the saved secret is used. */
export const testMailboxConnectionAction = workspaceAction(
  { name: "testMailboxConnection", role: "admin", lock: false /* connects to the mailbox; writes nothing */, schema: z.intersection(settingsSchema, z.object({ id: id.optional(), secret })) },
  async (input, ctx) => testMailboxConnection(ctx.db, { workspaceId: ctx.workspaceId, id: input.id, settings: settingsOf(input), secret: input.secret }),
);

export const pollMailboxNowAction = workspaceAction(
  { name: "pollMailboxNow", role: "member", schema: z.object({ id }) },
  async (input, ctx) => pollMailboxNow(ctx.db, { workspaceId: ctx.workspaceId, id: input.id }),
);
