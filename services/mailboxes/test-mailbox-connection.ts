import type { Db } from "@/db/client";
import { getMailbox, readMailboxSecret } from "@/db/queries/mailboxes";
import { type MailboxSettings } from "@/lib/intake/mailbox-settings";
import { appSecretBox } from "@/lib/crypto/app-secret";
import { SecretDecryptionError } from "@/lib/crypto/secrets";
import { UserError } from "@/lib/errors";
import { IntakeError } from "@/lib/intake/errors";
import { checkMailboxServers, secretLabel } from "./save-mailbox";
import { verifyMailboxConnection } from "./verify-mailbox-connection";

/** Test the settings in the form; with the id of a saved mailbox of the same type and no secret, its saved secret is used. */
export async function testMailboxConnection(db: Db, q: { workspaceId: string; id?: string; settings: MailboxSettings; secret?: string }) {
  await checkMailboxServers(q.settings);
  const kind = q.settings.kind;
  let value = q.secret;
  if (!value) {
    if (!q.id) throw new UserError(`Enter the ${secretLabel(kind)} to test the connection.`);
    const current = await getMailbox(db, { workspaceId: q.workspaceId, id: q.id });
    if (!current) throw new UserError("No such mailbox in this workspace (it may have been deleted).", "not_found");
    if (current.kind !== kind) throw new UserError(`Enter the ${secretLabel(kind)}: the saved one belongs to another type of mailbox.`);
    try {
      value = await readMailboxSecret(db, appSecretBox(), { workspaceId: q.workspaceId, id: q.id });
    } catch (err) {
      if (err instanceof SecretDecryptionError) throw new UserError(`The saved ${secretLabel(kind)} cannot be decrypted; enter it again.`);
      throw err;
    }
  }
  try {
    return { message: await verifyMailboxConnection(q.settings, value) };
  } catch (err) {
    if (err instanceof IntakeError) throw new UserError(err.message);
    throw err;
  }
}
