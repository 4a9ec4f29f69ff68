// The work the fault-injection benchmark (bench/faults.ts) interrupts, stored as a user would leave it: invoice PDFs
// uploaded, a broker's fleet list received by email as a case, a campaign started on the dev outbox. Every event
// waits in the database for the worker process; nothing runs here.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { createCampaign } from "@/db/queries/campaigns/campaigns";
import { scheduleCampaign } from "@/db/queries/campaigns/control";
import { createSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { ingestEmail, ingestFile } from "@/db/queries/intake";
import { saveBroker, saveBrokerProfile } from "@/db/queries/insurance/brokers";
import { createCasesForMessage } from "@/db/queries/insurance/case-emails";
import {
  activateCatalog,
  createCatalog,
  importCatalogEntries,
  setCatalogImportState,
} from "@/db/queries/insurance/catalogs";
import { createInsurer } from "@/db/queries/insurance/insurers";
import { ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { sendingAccounts } from "@/db/schema";
import { campaignStarted, caseCreated, documentUploaded } from "@/inngest/events";
import { campaignRunEventId as runEventId } from "@/inngest/events";
import type { BlobStore } from "@/lib/blob";
import { parseRecipientCsv } from "@/lib/campaigns/recipient-file";
import { importRecipients } from "@/lib/campaigns/recipients";
import { buildEmlFromManualEntry } from "@/lib/intake/eml";
import { catalogToCsv, parseCatalog } from "@/lib/insurance/catalog";
import { generateCatalog, toCatalogEntries } from "@/lib/insurance/fixtures/generate-catalog";
import { generateNoisyRows } from "@/lib/insurance/fixtures/generate-rows";
import { suggestProfile } from "@/lib/insurance/profile";
import { readWorkbook } from "@/lib/insurance/workbook";
import { insertEvents } from "@/lib/runner/store";

export interface FaultWork {
  workspaceId: string;
  documents: { id: string; filename: string; bytes: Uint8Array; expectedInvoices: number }[];
  caseId: string;
  fleetRows: number;
  campaignId: string;
  recipients: number;
}

const csvCell = (v: unknown) => {
  const t = String(v ?? "");
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
};

/** Text-layer invoice fixtures (not the negative examples), first `n` by name. */
function invoiceFixtures(n: number) {
  const dir = path.join(process.cwd(), "lib", "extraction", "fixtures", "text");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".pdf") && !f.includes("negative"))
    .sort()
    .slice(0, n)
    .map((f) => {
      const truth = JSON.parse(fs.readFileSync(path.join(dir, f.replace(/\.pdf$/, ".json")), "utf8")) as { invoices: unknown[] };
      return { filename: f, bytes: new Uint8Array(fs.readFileSync(path.join(dir, f))), expectedInvoices: truth.invoices.length };
    });
}

export async function seedFaultWork(db: Db, blobs: BlobStore, size: { pdfs: number; fleetRows: number; recipients: number }): Promise<FaultWork> {
  const now = new Date();
  const user = await findOrCreateUserByEmail(db, "faults@docket.local", "Fault Injection");
  const workspaceId = await ensurePersonalWorkspace(db, user.id);
  const events: unknown[] = [];

  // Invoices: PDFs uploaded, each read by extract-document.
  const documents: FaultWork["documents"] = [];
  for (const f of invoiceFixtures(size.pdfs)) {
    const report = await ingestFile({ db, blobs }, { workspaceId, actorId: user.id }, { filename: f.filename, bytes: f.bytes });
    for (const d of report.newDocuments) {
      documents.push({ id: d.id, filename: f.filename, bytes: f.bytes, expectedInvoices: f.expectedInvoices });
      events.push(documentUploaded.create({ workspaceId, documentId: d.id }, { id: `faults-up-${d.id}` }));
    }
  }

  // Insurance: an insurer with an active generated catalog, a broker with a profile, its fleet list by email → a case.
  const insurer = await createInsurer(db, { workspaceId, actorId: user.id, name: "Seguros Fallas" });
  const generated = generateCatalog({ seed: 7 }).filter((e) => ["NISSAN", "VOLKSWAGEN", "TOYOTA", "CHEVROLET"].includes(e.brand) && e.year >= 2017);
  const catalogCsv = catalogToCsv(toCatalogEntries(generated));
  const catalog = await createCatalog(db, { workspaceId, actorId: user.id, insurerId: insurer.id, filename: "catalogo.csv", blobKey: null });
  const parsed = await parseCatalog(catalogCsv, "catalogo.csv");
  await importCatalogEntries(db, { workspaceId, catalogId: catalog.id, entries: parsed.entries, errors: parsed.errors });
  await setCatalogImportState(db, { workspaceId, catalogId: catalog.id, state: "imported", importMs: 0 });
  await activateCatalog(db, { workspaceId, actorId: user.id, catalogId: catalog.id });
  const noisy = generateNoisyRows(generated, { seed: 11, count: size.fleetRows });
  const fleetCsv = ["NO.,MARCA,SUBMARCA,AÑO,DESCRIPCION,SERIE", ...noisy.map((r, i) => [i + 1, r.brand, r.model, r.year, r.description, r.vin].map(csvCell).join(","))].join("\r\n");
  const fleetBytes = new TextEncoder().encode(`${fleetCsv}\r\n`);
  const broker = await saveBroker(db, { workspaceId, actorId: user.id, name: "Grupo Asegurador del Pacífico", emailDomains: ["gapacifico.mx"] });
  await saveBrokerProfile(db, {
    workspaceId,
    actorId: user.id,
    brokerId: broker.id,
    rules: suggestProfile(await readWorkbook(fleetBytes, "unidades.csv")).profile,
    sampleFilename: "unidades.csv",
  });
  const email = buildEmlFromManualEntry({
    from: "Jorge Ruiz <jruiz@gapacifico.mx>",
    to: "cotizaciones@acme.example",
    subject: "Alta de unidades - cotizar",
    body: "Hola, te paso las unidades para cotizar.",
    date: now,
    attachments: [{ filename: "unidades.csv", content: fleetBytes }],
  });
  const mail = await ingestEmail({ db, blobs }, { workspaceId, actorId: null }, { email, source: "manual" });
  for (const d of mail.newDocuments) events.push(documentUploaded.create({ workspaceId, documentId: d.id }, { id: `faults-up-${d.id}` }));
  const cases = await createCasesForMessage(db, { workspaceId, actorId: null, messageId: mail.messageIds[0]!, insurerId: insurer.id, now });
  if (cases.length !== 1) throw new Error(`expected one case from the broker email, got ${cases.length}`);
  const c = cases[0]!;
  events.push(caseCreated.create({ workspaceId, caseId: c.id }, { id: `case-match-${c.id}-${c.generation}` }));

  // Campaign: recipients on the dev outbox account, pacing lifted to a random 0–1 s gap so it spans several kills.
  const account = await createSendingAccount(db, { workspaceId, actorId: null, kind: "outbox", name: "Outbox", fromAddress: "faults@docket.local" });
  await db.update(sendingAccounts).set({ perHour: 1e9, perDay: 1e9, minGapSec: 0, maxGapSec: 1 }).where(eq(sendingAccounts.id, account.id));
  const csv = ["email,name,company", ...Array.from({ length: size.recipients }, (_, i) => `person${i}@company${i % 7}.example,Person ${i},Company ${i % 7}`)].join("\n");
  const imported = importRecipients(parseRecipientCsv(csv), { mapping: { email: "email", name: "name", company: "company" } });
  const draft = await createCampaign(db, {
    workspaceId,
    actorId: user.id,
    accountId: account.id,
    name: "Fault injection",
    timeZone: "UTC",
    subject: "Hello {{name}}",
    textBody: "Hi {{name}},\n\nA short note for {{company}}.\n",
    htmlBody: null,
    onEmpty: "skip",
    imported,
  });
  const campaign = await scheduleCampaign(db, { workspaceId, actorId: user.id, campaignId: draft.id, startAt: null, timeZone: "UTC", window: null, now });
  events.push(campaignStarted.create({ workspaceId, campaignId: campaign.id }, { id: runEventId(campaign.id, campaign.runGeneration) }));

  await insertEvents(db, events, { now: Date.now() });
  return { workspaceId, documents, caseId: c.id, fleetRows: size.fleetRows, campaignId: campaign.id, recipients: imported.recipients.length };
}
