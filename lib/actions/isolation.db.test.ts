import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { storeDocument } from "@/db/queries/documents";
import { createInvitation, ensurePersonalWorkspace, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { documents, invitations, invoiceLineItems, invoices, memberships, workspaces } from "@/db/schema";
import { saveExtraction } from "@/db/queries/invoices/save-extraction";
import { createTestDatabase } from "@/db/testing";
import { actionRegistry, executeAction, type Session } from "@/lib/action";
import { actionPolicy, discoverActions, publicRoutes, routeFiles } from "@/lib/actions/testing/discover";
import { localBlobStore } from "@/lib/blob";
import { openDocument, uploadDocument } from "@/lib/documents/upload";
import { invoiceExportResponse } from "@/lib/exports/invoices-response";
import { campaignSnapshot, campaignWorld, type CampaignWorld } from "@/db/testing/campaigns";
import { exportLogFor, progressFor } from "@/app/api/campaigns/handlers";
import { finishGmailConnect, startGmailConnect } from "@/app/api/google/gmail-connect";
import { createMailbox } from "@/db/queries/mailboxes";
import { alertRules, alerts, mailboxes, messages } from "@/db/schema";
import { evaluateAlerts } from "@/services/alerts/evaluate-alerts";
import { appSecretBox as mailboxSecretBox } from "@/lib/crypto/app-secret";
import { insuranceSnapshot, insuranceWorld, type InsuranceWorld } from "@/db/testing/insurance";
import { imapTestConfig } from "@/db/testing/mailboxes";
import { caseExportFor, caseProgressFor } from "@/app/api/insurance/handlers";
import { ChangeHub } from "@/lib/live/hub";
import { openChangeStream } from "@/services/live/open-change-stream";

// Every server action and route handler, tried against another workspace as a signed-in outsider and
// as a viewer. The actions come from their declarations: every lib/actions/*.ts is imported (testing/discover.ts),
// so a new action — or a new file of actions — is covered, or this suite fails until it gets a probe below.
const discovered = await discoverActions();

let database: Database;
const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-iso-")));

interface World {
  ownerId: string;
  viewerId: string;
  memberId: string;
  outsiderId: string;
  victimWs: string;
  outsiderWs: string;
  invitationId: string;
  inviteToken: string;
  documentId: string;
  invoiceId: string;
  alertId: string;
}
let w: World;

/** For each action: an input aimed at the victim workspace's data. */
const probes: Record<string, (w: World) => unknown> = {
  createWorkspace: () => ({ name: "Mine" }),
  switchWorkspace: (w) => ({ workspaceId: w.victimWs }),
  acceptInvitation: () => ({ token: "not-the-real-token-000000" }),
  renameWorkspace: () => ({ name: "Hacked" }),
  saveInvoiceSettings: () => ({ requiredFields: ["total"], reviewThreshold: 0.5 }),
  inviteMember: () => ({ email: "intruder@example.com", role: "member" }),
  revokeInvitation: (w) => ({ invitationId: w.invitationId }),
  changeRole: (w) => ({ userId: w.memberId, role: "viewer" }),
  removeMember: (w) => ({ userId: w.memberId }),
  leaveWorkspace: () => ({}),
  deleteWorkspace: () => ({ confirmName: "not the name (renameWorkspace names it Hacked)" }),
  enterEmail: () => ({ from: "x@y.test", subject: "s", body: "b", attachments: [] }),
  retryRun: () => ({ runId: "victim-run" }),
  cancelRun: () => ({ runId: "victim-run" }),
  updateInvoiceField: (w) => ({ id: w.invoiceId, field: "total", value: "1.00" }),
  replaceLineItems: (w) => ({ id: w.invoiceId, lines: [] }),
  setInvoiceStatus: (w) => ({ id: w.invoiceId, status: "approved" }),
  bulkApprove: () => ({}),
  reprocessDocument: (w) => ({ documentId: w.documentId }),
  reindexDocument: (w) => ({ documentId: w.documentId }),
  askQuestion: (w) => ({ question: "What is the total of V-1?", documentIds: [w.documentId] }),
  saveAlertRule: () => ({ kind: "invoice_due_soon", enabled: false, days: 1 }),
  setAlertState: (w) => ({ alertId: w.alertId, state: "resolved" }),
  evaluateAlertsNow: () => ({}),
  readAsInvoice: (w) => ({ documentId: w.documentId }),
  ...campaignProbes(),
  ...mailboxProbes(),
  ...insuranceProbes(),
};

const policy = actionPolicy;

// User-level actions are allowed for anyone signed in; they must still not reach into the victim workspace.
const userActionsThatSucceed = new Set(["createWorkspace"]);

async function snapshot() {
  const db = database.db;
  return {
    ws: await db.select().from(workspaces).where(eq(workspaces.id, w.victimWs)),
    members: (await db.select().from(memberships).where(eq(memberships.workspaceId, w.victimWs))).map((m) => `${m.userId}:${m.role}`).sort(),
    invoices: (await db.select().from(invoices).where(eq(invoices.workspaceId, w.victimWs))).map((i) => `${i.status}:${i.total}:${i.updatedAt.getTime()}`),
    lines: (await db.select().from(invoiceLineItems).where(eq(invoiceLineItems.workspaceId, w.victimWs))).length,
    alerts: (await db.select().from(alerts).where(eq(alerts.workspaceId, w.victimWs))).map((a) => `${a.key}:${a.state}`),
    rules: (await db.select().from(alertRules).where(eq(alertRules.workspaceId, w.victimWs))).length,
    docs: (await db.select().from(documents).where(eq(documents.workspaceId, w.victimWs))).map((d) => `${d.status}:${d.attempts}`),
    invitations: (await db.select().from(invitations).where(eq(invitations.workspaceId, w.victimWs))).map(
      (i) => `${i.email}:${i.role}:${i.revokedAt}:${i.acceptedAt}`,
    ),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  const owner = await findOrCreateUserByEmail(db, "owner@victim.test");
  const viewer = await findOrCreateUserByEmail(db, "viewer@victim.test");
  const member = await findOrCreateUserByEmail(db, "member@victim.test");
  const outsider = await findOrCreateUserByEmail(db, "outsider@other.test");
  const victimWs = await ensurePersonalWorkspace(db, owner.id);
  const outsiderWs = await ensurePersonalWorkspace(db, outsider.id);
  await db.insert(memberships).values([
    { workspaceId: victimWs, userId: viewer.id, role: "viewer" },
    { workspaceId: victimWs, userId: member.id, role: "member" },
  ]);
  const { invitation, token } = await createInvitation(db, {
    workspaceId: victimWs,
    actorId: owner.id,
    actorRole: "owner",
    email: "pending@victim.test",
    role: "member",
  });
  const { document } = await storeDocument(db, blobs, {
    workspaceId: victimWs,
    filename: "secret.pdf",
    contentType: "application/pdf",
    data: Buffer.from("%PDF-1.4\n%%EOF\n"),
    source: "upload",
    uploadedBy: owner.id,
  });
  const { invoiceIds } = await saveExtraction(db, {
    workspaceId: victimWs,
    documentId: document.id,
    classification: "invoice",
    pages: 1,
    text: "",
    ocrPages: [],
    extractor: "offline",
    invoices: [
      {
        kind: "invoice", pageStart: 1, pageEnd: 1, invoiceNumber: "V-1", issueDate: "2026-01-02", dueDate: null, vendorName: "Victim Vendor", vendorTaxId: null,
        vendorAddress: null, billToName: null, currency: "USD", subtotal: "10.00", taxAmount: "0.00", total: "10.00",
        lineItems: [{ description: "x", quantity: "1", unitPrice: "10.00", amount: "10.00" }],
        confidence: { invoiceNumber: 1, issueDate: 1, dueDate: 1, vendorName: 1, vendorTaxId: 1, vendorAddress: 1, billToName: 1, currency: 1, subtotal: 1, taxAmount: 1, total: 1 },
        issues: [],
      },
    ],
  });
  w = {
    invoiceId: invoiceIds[0],
    ownerId: owner.id,
    viewerId: viewer.id,
    memberId: member.id,
    outsiderId: outsider.id,
    victimWs,
    outsiderWs,
    invitationId: invitation.id,
    inviteToken: token,
    documentId: document.id,
    alertId: "",
  };
  await database.db.update(invoices).set({ dueDate: "2020-01-01" }).where(eq(invoices.id, invoiceIds[0]));
  await evaluateAlerts(database.db, { workspaceId: victimWs });
  w.alertId = (await database.db.select().from(alerts).where(eq(alerts.workspaceId, victimWs)))[0].id;
});

afterAll(async () => database?.close());

describe("workspace isolation: server actions", () => {
  it("finds every action by its declaration: each export of each lib/actions file, each name once, all registered", () => {
    expect(discovered.length).toBeGreaterThanOrEqual(60);
    const names = discovered.map((a) => a.definition.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i), "two exports declare the same action name").toEqual([]);
    expect([...actionRegistry.keys()].sort()).toEqual([...names].sort());
    for (const a of discovered) expect(a.exportName, a.file).toBe(`${a.definition.name}Action`);
  });

  it("refuses an action file that exports anything undeclared (the check the discovery makes)", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "docket-actions-"));
    fs.mkdirSync(path.join(root, "lib", "actions"), { recursive: true });
    fs.writeFileSync(path.join(root, "lib", "actions", "sneaky.ts"), '"use server";\nexport async function sneakyAction() { return 1; }\n');
    await expect(discoverActions(root)).rejects.toThrow(/lib\/actions\/sneaky.ts exports sneakyAction, which is not declared/);
    fs.writeFileSync(path.join(root, "lib", "actions", "sneaky.ts"), "export const helper = 1;\n");
    await expect(discoverActions(root)).rejects.toThrow(/does not start with "use server"/);
  });

  it("has a probe for every registered action", () => {
    const missing = [...actionRegistry.keys()].filter((name) => !probes[name]);
    expect(missing, "add a probe for each new action to this suite").toEqual([]);
    expect(actionRegistry.size).toBeGreaterThanOrEqual(Object.keys(probes).length);
  });

  it("demands the role the policy says for every action", () => {
    const actual = Object.fromEntries([...actionRegistry.values()].map((d) => [d.name, d.kind === "user" ? "user" : d.role]));
    expect(actual).toEqual(policy);
  });

  it("refuses every workspace action to an outsider pointing at the victim workspace", async () => {
    const before = await snapshot();
    const session: Session = { userId: w.outsiderId, workspaceId: w.victimWs };
    for (const def of actionRegistry.values()) {
      if (def.kind !== "workspace") continue;
      const r = await executeAction(def, probes[def.name](w), session, database.db);
      expect(r, `${def.name} as outsider`).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/not a member/) });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses every action above viewer to a viewer", async () => {
    const before = await snapshot();
    const session: Session = { userId: w.viewerId, workspaceId: w.victimWs };
    for (const def of actionRegistry.values()) {
      if (def.kind !== "workspace" || def.role === "viewer") continue;
      const r = await executeAction(def, probes[def.name](w), session, database.db);
      expect(r, `${def.name} as viewer`).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/Your role \(viewer\)/) });
    }
    expect(await snapshot()).toEqual(before);
  });

  it("lets an outsider act in their own workspace without touching the victim's data by id", async () => {
    const before = await snapshot();
    const session: Session = { userId: w.outsiderId, workspaceId: w.outsiderWs };
    for (const def of actionRegistry.values()) {
      if (def.name === "leaveWorkspace") continue; // would only remove the outsider from their own workspace
      const r = await executeAction(def, probes[def.name](w), session, database.db);
      if (def.kind === "user" && !userActionsThatSucceed.has(def.name)) {
        expect(r.ok, `${def.name} with the victim's ids`).toBe(false);
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses everything to a signed-out caller", async () => {
    for (const def of actionRegistry.values()) {
      const r = await executeAction(def, probes[def.name](w), null, database.db);
      expect(r, def.name).toMatchObject({ ok: false, code: "unauthenticated" });
    }
  });
});

// Route handlers that touch workspace data delegate to these functions with the request's session.
const routeProbes: Record<string, (s: Session | null) => Promise<unknown>> = {
  "app/api/documents/route.ts": (s) =>
    uploadDocument(s, { name: "x.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n1 0 obj\n%%EOF\n") }, { db: database.db, blobs, maxFileBytes: 1e6 }),
  "app/api/documents/[id]/route.ts": (s) => openDocument(s, w.documentId, { db: database.db, blobs }),
  "app/api/invoices/export/route.ts": (s) => invoiceExportResponse(database.db, s, new URL("http://x/api/invoices/export?format=csv")),
  "app/api/campaigns/[id]/progress/route.ts": (s) => progressFor(s, cw.campaignId, { db: database.db }),
  "app/api/campaigns/[id]/export/route.ts": (s) => exportLogFor(s, cw.campaignId, { db: database.db }),
  "app/api/google/connect/route.ts": (s) => startGmailConnect(s, { db: database.db, google: cw.google }),
  "app/api/google/callback/route.ts": (s) =>
    finishGmailConnect(s, { code: "c", state: null, error: null, nonceCookie: null }, { db: database.db, google: cw.google, box: cw.box }),
  "app/api/insurance/cases/[id]/progress/route.ts": (s) => caseProgressFor(s, iw.caseId, { db: database.db }),
  "app/api/insurance/cases/[id]/export/route.ts": (s) => caseExportFor(s, iw.caseId, { format: "quote" }, { db: database.db }),
  "app/api/live/route.ts": (s) => openChangeStream(s, { signal: AbortSignal.abort() }, { db: database.db, hub: new ChangeHub() }),
};
describe("workspace isolation: route handlers", () => {
  it("has a probe for every non-public route handler", () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(14);
    const missing = files.filter((f) => !publicRoutes.has(f) && !routeProbes[f]);
    expect(missing, "add a probe for each new route handler (or list it as public with the reason)").toEqual([]);
    expect(Object.keys(routeProbes).filter((f) => !files.includes(f)), "probes for routes that no longer exist").toEqual([]);
  });

  it("refuses outsiders, and viewers where the route writes", async () => {
    for (const [file, probe] of Object.entries(routeProbes)) {
      await expect(probe({ userId: w.outsiderId, workspaceId: w.victimWs }), `${file} as outsider`).rejects.toThrow(/not a member/);
      await expect(probe(null), `${file} signed out`).rejects.toThrow(/Sign in/);
    }
    await expect(routeProbes["app/api/documents/route.ts"]({ userId: w.viewerId, workspaceId: w.victimWs })).rejects.toThrow(/viewer/);
    // The outsider in their own workspace asking for the victim's document id gets "not found", not the bytes.
    await expect(routeProbes["app/api/documents/[id]/route.ts"]({ userId: w.outsiderId, workspaceId: w.outsiderWs })).rejects.toThrow(
      /No such document/,
    );
    // And the owner does get it (the probe is not failing for some unrelated reason).
    const ok = (await routeProbes["app/api/documents/[id]/route.ts"]({ userId: w.ownerId, workspaceId: w.victimWs })) as { doc: { filename: string } };
    expect(ok.doc.filename).toBe("secret.pdf");
  });
});

// ——— Campaigns: victim campaign data, probes for its actions, and route checks beyond the generic ones.
let cw: CampaignWorld;
beforeAll(async () => {
  cw = await campaignWorld(database.db, { workspaceId: w.victimWs, ownerId: w.ownerId });
});

function campaignProbes(): Record<string, (w: World) => unknown> {
  const file = { filename: "list.csv", content: new TextEncoder().encode("email,name\nx@example.com,X\n") };
  const template = { subject: "Hi {{name}}", textBody: "Hello", onEmpty: "skip", fallbacks: {} };
  const limits = { perHour: 1, perDay: 1, minGapSec: 60, maxGapSec: 60 };
  return {
    createOutboxAccount: () => ({}),
    saveSmtpAccount: () => ({ accountId: cw.accountId, name: "Hijack", fromAddress: "x@evil.example", host: "evil.example", port: 25, secure: false }),
    updateAccountPacing: () => ({ accountId: cw.accountId, limits }),
    deleteSendingAccount: () => ({ accountId: cw.accountId }),
    inspectRecipientFile: () => file,
    createCampaign: () => ({ ...template, name: "x", accountId: cw.accountId, file, mapping: { email: "email", name: "name" }, timeZone: "UTC" }),
    updateCampaignTemplate: () => ({ ...template, campaignId: cw.campaignId }),
    sendTestMessage: () => ({ campaignId: cw.campaignId }),
    scheduleCampaign: () => ({ campaignId: cw.campaignId, mode: "now", timeZone: "UTC" }),
    pauseCampaign: () => ({ campaignId: cw.campaignId }),
    resumeCampaign: () => ({ campaignId: cw.campaignId }),
    resumeAccountCampaigns: () => ({ accountId: cw.accountId }),
    cancelCampaign: () => ({ campaignId: cw.campaignId }),
    resolveRecipient: () => ({ campaignId: cw.campaignId, recipientId: cw.recipientId, decision: "retry" }),
    addSuppression: () => ({ email: cw.recipientEmail }),
    removeSuppression: () => ({ email: cw.suppressedEmail }),
  };
}

describe("workspace isolation: campaigns", () => {
  it("left the victim's accounts, campaigns, recipients and suppressions untouched", async () => {
    expect(await campaignSnapshot(database.db, w.victimWs)).toEqual(cw.before);
  });

  it("refuses the Google connect routes to a viewer, and the victim's campaign to an outsider in their own workspace", async () => {
    const viewer = { userId: w.viewerId, workspaceId: w.victimWs };
    await expect(routeProbes["app/api/google/connect/route.ts"](viewer)).rejects.toThrow(/viewer/);
    await expect(routeProbes["app/api/google/callback/route.ts"](viewer)).rejects.toThrow(/viewer/);
    const own = { userId: w.outsiderId, workspaceId: w.outsiderWs };
    await expect(routeProbes["app/api/campaigns/[id]/progress/route.ts"](own)).rejects.toThrow(/No such campaign/);
    await expect(routeProbes["app/api/campaigns/[id]/export/route.ts"](own)).rejects.toThrow(/No such campaign/);
    // The owner gets real answers (the probes are not failing for an unrelated reason).
    const owner = { userId: w.ownerId, workspaceId: w.victimWs };
    expect(((await routeProbes["app/api/campaigns/[id]/progress/route.ts"](owner)) as { counts: { total: number } }).counts.total).toBe(1);
    expect(((await routeProbes["app/api/google/connect/route.ts"](owner)) as { url: string }).url).toContain("gmail.send");
  });
});

// ——— Mailboxes: a victim mailbox with a saved password; its settings, secret and poll state survive every probe.
let victimMailboxId = "";
let victimMailboxBefore: unknown;
function probeImap() {
  return {
    kind: "imap" as const,
    config: imapTestConfig({ host: "127.0.0.1", port: 1, secure: false, user: "ap" }),
  };
}
const victimMailboxRows = () => database.db.select().from(mailboxes).where(eq(mailboxes.workspaceId, w.victimWs));
beforeAll(async () => {
  const m = await createMailbox(database.db, mailboxSecretBox(), {
    workspaceId: w.victimWs, actorId: w.ownerId, name: "Victim AP", purpose: "invoices", pollEveryMinutes: 5, settings: probeImap(), secret: "victim-imap-password",
  });
  victimMailboxId = m.id;
  victimMailboxBefore = await victimMailboxRows();
});

function mailboxProbes(): Record<string, (w: World) => unknown> {
  const form = () => ({ ...probeImap(), name: "Intruder", purpose: "invoices", pollEveryMinutes: 5, secret: "intruder-password" });
  return {
    createMailbox: () => form(),
    updateMailbox: () => ({ ...form(), id: victimMailboxId }),
    setMailboxEnabled: () => ({ id: victimMailboxId, enabled: false }),
    deleteMailbox: () => ({ id: victimMailboxId }),
    testMailboxConnection: () => ({ ...probeImap(), id: victimMailboxId }),
    pollMailboxNow: () => ({ id: victimMailboxId }),
  };
}

describe("workspace isolation: mailboxes", () => {
  it("left the victim's mailbox, its encrypted secret and poll state untouched", async () => {
    expect(await victimMailboxRows()).toEqual(victimMailboxBefore);
  });

  it("answers not found to an outsider using the victim's mailbox id in their own workspace (the saved secret is never used)", async () => {
    const own: Session = { userId: w.outsiderId, workspaceId: w.outsiderWs };
    const probe = mailboxProbes();
    for (const name of ["updateMailbox", "setMailboxEnabled", "deleteMailbox", "testMailboxConnection", "pollMailboxNow"]) {
      const r = await executeAction(actionRegistry.get(name)!, probe[name]!(w), own, database.db);
      expect(r, name).toMatchObject({ ok: false, code: "not_found" });
    }
    expect(await victimMailboxRows()).toEqual(victimMailboxBefore);
  });
});

// ——— Insurance: a victim insurer, catalog, broker with profile, a matched case with a row in review, an alias.
let iw: InsuranceWorld;
beforeAll(async () => {
  iw = await insuranceWorld(database.db, { workspaceId: w.victimWs, ownerId: w.ownerId });
  const [m] = await database.db
    .insert(messages)
    .values({ workspaceId: w.victimWs, source: "manual", messageId: "<victim-fleet@victim-broker.mx>", fromAddress: "a@victim-broker.mx", subject: "Flotilla" })
    .returning();
  iw.messageId = m.id;
});

function insuranceProbes(): Record<string, (w: World) => unknown> {
  const csv = { filename: "fleet.csv", content: new TextEncoder().encode("MARCA,SUBMARCA,MODELO\nNISSAN,VERSA,2020\n") };
  return {
    saveInsuranceSettings: () => ({ cotPrefix: "HACK", autoThreshold: 0.9, reviewThreshold: 0.5 }),
    saveBroker: () => ({ id: iw.brokerId, name: "Hijacked", emailDomains: ["evil.example"] }),
    analyzeProfileSample: (w) => ({ documentId: w.documentId }),
    saveBrokerProfile: () => ({ brokerId: iw.brokerId, profile: { columns: [{ header: "X", field: "brand" }] }, rematchCaseId: iw.caseId }),
    createInsurer: () => ({ name: "Evil Insurer" }),
    saveQuoteTemplate: () => ({ insurerId: iw.insurerId, sheetName: "X", columns: [{ header: "A", source: "code", type: "text" }] }),
    uploadCatalog: () => ({ insurerId: iw.insurerId, file: csv }),
    activateCatalog: () => ({ catalogId: iw.catalogId }),
    buildCatalogEmbeddings: () => ({ catalogId: iw.catalogId }),
    createCaseFromUpload: () => ({ file: csv, brokerId: iw.brokerId }),
    createCaseFromMessage: () => ({ messageId: iw.messageId }),
    createCaseFromDocument: (w) => ({ documentId: w.documentId }),
    rematchCase: () => ({ caseId: iw.caseId }),
    acceptFleetRows: () => ({ caseId: iw.caseId }),
    correctFleetRow: () => ({ caseId: iw.caseId, rowId: iw.rowId, code: null }),
    searchCatalog: () => ({ caseId: iw.caseId, query: "VERSA" }),
  };
}

describe("workspace isolation: insurance", () => {
  it("left the victim's brokers, profiles, catalogs, templates, cases, rows and aliases untouched", async () => {
    expect(await insuranceSnapshot(database.db, w.victimWs)).toEqual(iw.before);
  });

  it("answers not found to an outsider using the victim's ids in their own workspace", async () => {
    const own: Session = { userId: w.outsiderId, workspaceId: w.outsiderWs };
    const probe = insuranceProbes();
    for (const name of Object.keys(probe)) {
      if (["saveInsuranceSettings", "createInsurer"].includes(name)) continue; // act on the caller's own workspace only
      const r = await executeAction(actionRegistry.get(name)!, probe[name]!(w), own, database.db);
      expect(r, name).toMatchObject({ ok: false, code: "not_found" });
    }
    await expect(routeProbes["app/api/insurance/cases/[id]/progress/route.ts"](own)).rejects.toThrow(/No such case/);
    await expect(routeProbes["app/api/insurance/cases/[id]/export/route.ts"](own)).rejects.toThrow(/No such case/);
    expect(await insuranceSnapshot(database.db, w.victimWs)).toEqual(iw.before);
  });

  it("lets a viewer read progress and search, but not export the quote (which marks the case exported)", async () => {
    const viewer: Session = { userId: w.viewerId, workspaceId: w.victimWs };
    expect(await routeProbes["app/api/insurance/cases/[id]/progress/route.ts"](viewer)).toMatchObject({ status: "review", total: 1, done: 1 });
    await expect(routeProbes["app/api/insurance/cases/[id]/export/route.ts"](viewer)).rejects.toThrow(/viewer/);
    const generic = await caseExportFor(viewer, iw.caseId, { format: "csv" }, { db: database.db });
    expect(String(generic.body)).toContain("0101201");
    const r = await executeAction(actionRegistry.get("searchCatalog")!, { caseId: iw.caseId, query: "VERSA SENSE" }, viewer, database.db);
    expect(r).toMatchObject({ ok: true, data: [expect.objectContaining({ code: "0101201", score: 1 })] });
  });
});
