import { and, eq, sql } from "drizzle-orm";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { BlobStore } from "@/lib/blob";
import type { Db } from "./client";
import { storeDocument } from "./queries/documents";
import { seedDemoCampaign } from "./queries/campaigns";
import { seedInsuranceDemo } from "./queries/insurance.demo";
import { storeOutboxMessage } from "./queries/outbox";
import { createInvitation, findOrCreateUserByEmail } from "./queries/workspaces";
import { auditEvents, documents, memberships, workspaces } from "./schema";
import { env } from "@/lib/env";

// The demo workspace a newcomer lands in on `npm run dev`. Everything in it is made here, by code:
// nothing is downloaded. Later modules add their own demo data through `demoSeeders`.

export const DEMO_EMAIL = "demo@docket.local";
export const DEMO_WORKSPACE = "Demo — Acme Operations";

export interface SeedContext {
  db: Db;
  blobs: BlobStore;
  workspaceId: string;
  ownerId: string;
  now: Date;
}

/** Module seeders register here (invoices, insurance, campaigns) so `seedDemo` stays one entry point. */
export const demoSeeders: { name: string; run: (ctx: SeedContext) => Promise<void> }[] = [];
demoSeeders.push({ name: "campaigns", run: async (ctx) => void (await seedDemoCampaign(ctx.db, ctx)) });
demoSeeders.push({ name: "insurance", run: seedInsuranceDemo });

const VENDORS = [
  { name: "Papelería Moderna S.A. de C.V.", currency: "MXN", lines: [["Resmas papel carta", 12, 95.5], ["Tóner HP 85A", 2, 1350]] },
  { name: "Northwind Office Supply Inc.", currency: "USD", lines: [["Ergonomic chair", 2, 289], ["Desk lamp", 4, 34.99]] },
  { name: "Bürobedarf Müller GmbH", currency: "EUR", lines: [["Ordner A4", 30, 2.49], ["Druckerpapier", 10, 4.2]] },
  { name: "Transportes del Bajío", currency: "MXN", lines: [["Flete Querétaro–CDMX", 1, 8400]] },
] as const;

const money = (n: number) => n.toFixed(2);

/** A small, real, text-layer invoice PDF. */
export async function makeInvoicePdf(i: number, issueDate: Date): Promise<Buffer> {
  const v = VENDORS[i % VENDORS.length];
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${1000 + i}`);
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = 790;
  const text = (s: string, x: number, f = font, size = 10) => page.drawText(s, { x, y, size, font: f });
  text(v.name, 50, bold, 14);
  y -= 30;
  text("INVOICE", 50, bold, 18);
  y -= 24;
  text(`Invoice number: INV-${1000 + i}`, 50);
  y -= 14;
  text(`Issue date: ${issueDate.toISOString().slice(0, 10)}`, 50);
  y -= 14;
  text(`Due date: ${new Date(issueDate.getTime() + 30 * 86_400_000).toISOString().slice(0, 10)}`, 50);
  y -= 14;
  text("Bill to: Acme Operations", 50);
  y -= 30;
  text("Description", 50, bold);
  text("Qty", 330, bold);
  text("Unit price", 380, bold);
  text("Amount", 480, bold);
  let subtotal = 0;
  for (const [desc, qty, unit] of v.lines) {
    y -= 16;
    const amount = qty * unit;
    subtotal += amount;
    text(desc, 50);
    text(String(qty), 330);
    text(money(unit), 380);
    text(money(amount), 480);
  }
  const tax = Math.round(subtotal * 0.16 * 100) / 100;
  y -= 30;
  text("Subtotal", 380);
  text(money(subtotal), 480);
  y -= 14;
  text("Tax 16%", 380);
  text(money(tax), 480);
  y -= 14;
  text(`Total ${v.currency}`, 380, bold);
  text(money(subtotal + tax), 480, bold);
  return Buffer.from(await pdf.save());
}

/** Create the demo workspace if it does not exist. Returns its id. */
export async function seedDemo(db: Db, blobs: BlobStore, opts: { now?: Date; force?: boolean } = {}) {
  const now = opts.now ?? new Date();
  const [existing] = await db.select().from(workspaces).where(eq(workspaces.isDemo, true));
  if (existing && !opts.force) return { workspaceId: existing.id, created: false, documents: [] as { id: string; workspaceId: string }[] };
  if (existing) await db.delete(workspaces).where(eq(workspaces.id, existing.id));

  const owner = await findOrCreateUserByEmail(db, DEMO_EMAIL, "Demo User");
  const ana = await findOrCreateUserByEmail(db, "ana.reviewer@docket.local", "Ana Reviewer");
  const luis = await findOrCreateUserByEmail(db, "luis.viewer@docket.local", "Luis Viewer");
  const [ws] = await db.insert(workspaces).values({ name: DEMO_WORKSPACE, isDemo: true, createdBy: owner.id }).returning();
  await db.insert(memberships).values([
    { workspaceId: ws.id, userId: owner.id, role: "owner" },
    { workspaceId: ws.id, userId: ana.id, role: "member" },
    { workspaceId: ws.id, userId: luis.id, role: "viewer" },
  ]);
  await db.insert(auditEvents).values({
    workspaceId: ws.id,
    actorId: owner.id,
    actorType: "user",
    action: "workspace.created",
    entityType: "workspace",
    entityId: ws.id,
    after: { name: DEMO_WORKSPACE },
    at: new Date(now.getTime() - 20 * 86_400_000),
  });

  // Invoices received over the last three weeks, so the dashboard has a real history to chart.
  const stored: { id: string; workspaceId: string }[] = [];
  for (let i = 0; i < 12; i++) {
    const day = new Date(now.getTime() - (20 - i * 1.7) * 86_400_000);
    const data = await makeInvoicePdf(i, day);
    const { document } = await storeDocument(db, blobs, {
      workspaceId: ws.id,
      filename: `invoice-${1000 + i}.pdf`,
      contentType: "application/pdf",
      data,
      source: "seed",
      uploadedBy: i % 2 ? ana.id : owner.id,
      kind: "pdf",
    });
    await db.update(documents).set({ createdAt: day, updatedAt: day }).where(eq(documents.id, document.id));
    stored.push({ id: document.id, workspaceId: ws.id });
    await db
      .update(auditEvents)
      .set({ at: day })
      .where(and(eq(auditEvents.workspaceId, ws.id), eq(auditEvents.entityId, document.id)));
  }

  const { invitation, token } = await createInvitation(db, {
    workspaceId: ws.id,
    actorId: owner.id,
    actorRole: "owner",
    email: "new.teammate@docket.local",
    role: "member",
    now,
  });
  await storeOutboxMessage(db, {
    workspaceId: ws.id,
    kind: "invitation",
    from: "Docket <no-reply@docket.local>",
    to: invitation.email,
    subject: `You're invited to ${DEMO_WORKSPACE} on Docket`,
    text: `Accept: ${env().publicUrl}/invite/${token}`,
    raw: `From: Docket <no-reply@docket.local>\r\nTo: ${invitation.email}\r\nSubject: You're invited to ${DEMO_WORKSPACE} on Docket\r\n\r\nAccept: ${env().publicUrl}/invite/${token}\r\n`,
  });

  for (const seeder of demoSeeders) {
    await seeder.run({ db, blobs, workspaceId: ws.id, ownerId: owner.id, now });
  }
  // The caller hands `documents` to background processing once the job runner can take them.
  return { workspaceId: ws.id, created: true, documents: stored };
}

/** In development, everyone who signs in also gets access to the demo workspace (as admin). */
export async function joinDemoWorkspace(db: Db, userId: string) {
  const [demo] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.isDemo, true));
  if (!demo) return;
  await db.insert(memberships).values({ workspaceId: demo.id, userId, role: "admin" }).onConflictDoNothing();
}

export async function isFreshDatabase(db: Db) {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(workspaces);
  return r.n === 0;
}
