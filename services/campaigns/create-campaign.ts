import type { Db } from "@/db/client";
import { addCampaignAttachment, createCampaign as insertCampaign } from "@/db/queries/campaigns/campaigns";
import { getSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { getBlobStore } from "@/lib/blob";
import { assertAttachments, checkedTemplate, type TemplateInput } from "@/lib/campaigns/campaign-input";
import { UserError } from "@/lib/errors";
import { cleanMapping, importList, readList, type MappingInput } from "./recipient-list";

export interface NewCampaign extends TemplateInput {
  name: string;
  accountId: string;
  timeZone: string;
  file: { filename: string; content: Uint8Array };
  mapping: MappingInput;
  skipAlreadyContacted: boolean;
  attachments: { filename: string; contentType?: string; content: Uint8Array }[];
}

/** A draft campaign: its account checked, the list imported, the template checked against the list's columns, attachments stored. */
export async function createCampaign(db: Db, q: { workspaceId: string; actorId: string }, input: NewCampaign) {
  const account = await getSendingAccount(db, { workspaceId: q.workspaceId, accountId: input.accountId });
  if (!account) throw new UserError("Choose a sending account of this workspace.", "not_found");
  assertAttachments(input.attachments);
  const table = await readList(input.file);
  const imported = await importList(db, q, table, cleanMapping(input.mapping), input.skipAlreadyContacted);
  const template = checkedTemplate(input, imported.columns);
  const c = await insertCampaign(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    accountId: account.id,
    name: input.name,
    timeZone: input.timeZone,
    ...template,
    imported,
    sourceFilename: input.file.filename,
  });
  const blobs = await getBlobStore();
  for (const a of input.attachments) {
    const key = `${q.workspaceId}/campaigns/${c.id}/${crypto.randomUUID()}`;
    await blobs.put(key, a.content, a.contentType || "application/octet-stream");
    await addCampaignAttachment(db, {
      workspaceId: q.workspaceId,
      campaignId: c.id,
      filename: a.filename,
      contentType: a.contentType || "application/octet-stream",
      size: a.content.length,
      blobKey: key,
    });
  }
  return { campaignId: c.id, recipients: imported.recipients.length, skipped: imported.skipped.length };
}
