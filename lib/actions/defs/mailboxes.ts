import { z } from "zod";
import {
  createMailbox,
  deleteMailbox,
  getMailbox,
  MailboxNotFoundError,
  readMailboxSecret,
  setMailboxEnabled,
  updateMailbox,
} from "@/db/queries/mailboxes";
import { graphMailboxConfigSchema, imapMailboxConfigSchema, type MailboxSettings } from "@/lib/intake/mailbox-settings";
import { inngest } from "@/inngest/client";
import { mailboxPoll } from "@/inngest/events";
import { mailboxSecretBox, verifyMailboxConnection } from "@/inngest/functions/poll-mailboxes";
import { workspaceAction } from "@/lib/action";
import { SecretDecryptionError } from "@/lib/crypto/secrets";
import { env } from "@/lib/env";
import { UserError } from "@/lib/errors";
import { IntakeError } from "@/lib/intake/errors";
import { assertPublicServer } from "@/lib/net/outbound";

// Connected mailboxes (Settings → Mailboxes). Admins add, change, test, disable and delete them; members may ask
// for a poll now. A secret field left empty keeps the saved secret; nothing here ever returns a secret.

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

export const createMailboxSchema = z.intersection(settingsSchema, z.object(common));
export const updateMailboxSchema = z.intersection(settingsSchema, z.object({ ...common, id }));
export const setMailboxEnabledSchema = z.object({ id, enabled: z.boolean() });
export const deleteMailboxSchema = z.object({ id });
/** Test the settings in the form; with `id` and no secret, the saved secret is used. */
export const testMailboxConnectionSchema = z.intersection(settingsSchema, z.object({ id: id.optional(), secret }));
export const pollMailboxNowSchema = z.object({ id });

const secretLabel = (kind: MailboxSettings["kind"]) => (kind === "imap" ? "password" : "client secret");

function settingsOf(input: z.infer<typeof settingsSchema>): MailboxSettings {
  return input.kind === "imap" ? { kind: "imap", config: input.config } : { kind: "graph", config: input.config };
}

/** The servers in the form must be public addresses (or allowed by the operator) before anything connects or is saved. */
async function checkServers(settings: MailboxSettings): Promise<void> {
  const policy = env().outbound;
  if (settings.kind === "imap") return assertPublicServer(settings.config.host, "IMAP server", policy);
  if (settings.config.authorityUrl) await assertPublicServer(settings.config.authorityUrl, "authority URL", policy);
  if (settings.config.graphUrl) await assertPublicServer(settings.config.graphUrl, "Graph URL", policy);
}

async function notFoundAsUserError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof MailboxNotFoundError) throw new UserError(err.message, "not_found");
    throw err;
  }
}

export const createMailboxDef = workspaceAction("createMailbox", "admin", createMailboxSchema, async (input, ctx) => {
  if (!input.secret) throw new UserError(`Enter the ${secretLabel(input.kind)} of the mailbox.`);
  await checkServers(settingsOf(input));
  const view = await createMailbox(ctx.db, mailboxSecretBox(), {
    workspaceId: ctx.workspaceId,
    actorId: ctx.userId,
    name: input.name,
    purpose: input.purpose,
    pollEveryMinutes: input.pollEveryMinutes,
    settings: settingsOf(input),
    secret: input.secret,
  });
  return { id: view.id };
});

export const updateMailboxDef = workspaceAction("updateMailbox", "admin", updateMailboxSchema, async (input, ctx) => {
  const current = await getMailbox(ctx.db, { workspaceId: ctx.workspaceId, id: input.id });
  if (!current) throw new UserError("No such mailbox in this workspace (it may have been deleted).", "not_found");
  if (current.kind !== input.kind) throw new UserError("A mailbox cannot change type; delete it and add a new one.");
  await checkServers(settingsOf(input));
  const view = await notFoundAsUserError(() =>
    updateMailbox(ctx.db, mailboxSecretBox(), {
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      id: input.id,
      name: input.name,
      purpose: input.purpose,
      pollEveryMinutes: input.pollEveryMinutes,
      settings: settingsOf(input),
      secret: input.secret || undefined,
    }),
  );
  return { id: view.id };
});

export const setMailboxEnabledDef = workspaceAction("setMailboxEnabled", "admin", setMailboxEnabledSchema, async (input, ctx) => {
  const view = await notFoundAsUserError(() =>
    setMailboxEnabled(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, id: input.id, enabled: input.enabled }),
  );
  return { id: view.id, enabled: view.enabled };
});

export const deleteMailboxDef = workspaceAction("deleteMailbox", "admin", deleteMailboxSchema, async (input, ctx) => {
  await notFoundAsUserError(() => deleteMailbox(ctx.db, { workspaceId: ctx.workspaceId, actorId: ctx.userId, id: input.id }));
  return { id: input.id };
});

export const testMailboxConnectionDef = workspaceAction("testMailboxConnection", "admin", testMailboxConnectionSchema, async (input, ctx) => {
  await checkServers(settingsOf(input));
  let value = input.secret;
  if (!value) {
    if (!input.id) throw new UserError(`Enter the ${secretLabel(input.kind)} to test the connection.`);
    const current = await getMailbox(ctx.db, { workspaceId: ctx.workspaceId, id: input.id });
    if (!current) throw new UserError("No such mailbox in this workspace (it may have been deleted).", "not_found");
    if (current.kind !== input.kind) throw new UserError(`Enter the ${secretLabel(input.kind)}: the saved one belongs to another type of mailbox.`);
    try {
      value = await readMailboxSecret(ctx.db, mailboxSecretBox(), { workspaceId: ctx.workspaceId, id: input.id });
    } catch (err) {
      if (err instanceof SecretDecryptionError) throw new UserError(`The saved ${secretLabel(input.kind)} cannot be decrypted; enter it again.`);
      throw err;
    }
  }
  try {
    return { message: await verifyMailboxConnection(settingsOf(input), value) };
  } catch (err) {
    if (err instanceof IntakeError) throw new UserError(err.message);
    throw err;
  }
});

export const pollMailboxNowDef = workspaceAction("pollMailboxNow", "member", pollMailboxNowSchema, async (input, ctx) => {
  const mailbox = await getMailbox(ctx.db, { workspaceId: ctx.workspaceId, id: input.id });
  if (!mailbox) throw new UserError("No such mailbox in this workspace (it may have been deleted).", "not_found");
  if (!mailbox.enabled) throw new UserError(`"${mailbox.name}" is disabled; enable it first.`);
  const requestedAt = new Date();
  await inngest.send(
    mailboxPoll.create({ workspaceId: ctx.workspaceId, mailboxId: mailbox.id }, { id: `mailbox-poll-${mailbox.id}-now-${requestedAt.getTime()}` }),
  );
  return { requestedAt: requestedAt.toISOString() };
});
