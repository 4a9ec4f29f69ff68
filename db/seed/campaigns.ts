import type { Db } from "@/db/client";
import { createCampaign } from "@/db/queries/campaigns/campaigns";
import { ensureOutboxAccount } from "@/db/queries/campaigns/sending-accounts";

// The demo's campaign.

const DEMO_LIST = [
  "Empresa,Correo,Nombre,Puesto,Ciudad",
  "Acme Logistics,ana.lopez@acme-logistics.example,Ana López,Backend Engineer,CDMX",
  "Globex Foods,carlos.ruiz@globex.example,Carlos Ruiz,Data Analyst,Monterrey",
  "Initech,maria@initech.example,María Fernández,Engineering Manager,Guadalajara",
  "Hooli,jdoe@hooli.example,John Doe,Platform Engineer,",
  "Umbrella Health,recruiting@umbrella.example,,Site Reliability Engineer,Puebla",
  "Vandelay Industries,art@vandelay,Art Vandelay,Importer,NYC",
  "Acme Logistics,ANA.LOPEZ@acme-logistics.example,Ana L.,Backend Engineer,CDMX",
].join("\n");

/**
 * Demo data: a draft campaign on the workspace's dev outbox, with a real import report (an invalid address and a
 * duplicate are skipped). Nothing is marked sent: schedule it from the campaign page and watch it run.
 */
export async function seedDemoCampaign(db: Db, ctx: { workspaceId: string; ownerId: string }) {
  const { parseRecipientCsv } = await import("@/lib/campaigns/recipient-file");
  const { importRecipients } = await import("@/lib/campaigns/recipients");
  const account = await ensureOutboxAccount(db, { workspaceId: ctx.workspaceId, actorId: ctx.ownerId, fromAddress: "demo@docket.local" });
  const imported = importRecipients(parseRecipientCsv(DEMO_LIST, { filename: "demo-companies.csv" }), {
    mapping: { email: "Correo", company: "Empresa", name: "Nombre", role: "Puesto" },
  });
  return createCampaign(db, {
    workspaceId: ctx.workspaceId,
    actorId: ctx.ownerId,
    accountId: account.id,
    name: "Demo — job applications",
    timeZone: "America/Mexico_City",
    subject: "Application: {{role}} at {{company}}",
    textBody:
      "Hi {{first_name | there}},\n\nI am applying for the {{role}} position at {{company}}. My CV is attached.\n\nBest regards,\nDemo User",
    onEmpty: "skip",
    imported,
    sourceFilename: "demo-companies.csv",
  });
}
