import { and, eq, sql } from "drizzle-orm";
import type { BlobStore } from "@/lib/blob";
import type { Db } from "@/db/client";
import { storeDocument } from "@/db/queries/documents";
import { storeOutboxMessage } from "@/db/queries/outbox";
import { createInvitation, findOrCreateUserByEmail } from "@/db/queries/workspaces";
import { auditEvents, documents, memberships, workspaces } from "@/db/schema";
import { env } from "@/lib/env";
import { seedDemoCampaign } from "./campaigns";
import { seedInsuranceDemo } from "./insurance";
import { makeInvoicePdf } from "./invoices";

// The demo workspace a newcomer lands in on `npm run dev`. Everything in it is made here, by code:
// nothing is downloaded. Each module's demo data is made by its seeder in db/seed/<module>.ts, listed in `demoSeeders`.

export const DEMO_EMAIL = "demo@docket.local";
export const DEMO_WORKSPACE = "Demo — Acme Operations";

export interface SeedContext {
  db: Db;
  blobs: BlobStore;
  workspaceId: string;
  ownerId: string;
  now: Date;
}

/** The modules' seeders, run in order after the workspace and its invoices exist; `seedDemo` is the one entry point. */
const demoSeeders: { name: string; run: (ctx: SeedContext) => Promise<DemoWork | void> }[] = [
  { name: "campaigns", run: async (ctx) => void (await seedDemoCampaign(ctx.db, ctx)) },
  { name: "insurance", run: seedInsuranceDemo },
];

/** Work the seed leaves for the background functions; the caller starts it (db sends no events). */
export interface DemoWork {
  documents?: { id: string; workspaceId: string }[];
  cases?: { id: string; workspaceId: string; generation: number }[];
}

/** Create the demo workspace if it does not exist. Returns its id. */
export async function seedDemo(
  db: Db,
  blobs: BlobStore,
  opts: { now?: Date; force?: boolean } = {},
): Promise<{ workspaceId: string; created: boolean } & Required<DemoWork>> {
  const now = opts.now ?? new Date();
  const [existing] = await db.select().from(workspaces).where(eq(workspaces.isDemo, true));
  if (existing && !opts.force) return { workspaceId: existing.id, created: false, documents: [], cases: [] };
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

  const cases: Required<DemoWork>["cases"] = [];
  for (const seeder of demoSeeders) {
    const work = await seeder.run({ db, blobs, workspaceId: ws.id, ownerId: owner.id, now });
    if (work?.cases) cases.push(...work.cases);
    if (work?.documents) stored.push(...work.documents);
  }
  // The caller hands `documents` to extraction and `cases` to matching (startDemoWork in lib/server-start.ts).
  return { workspaceId: ws.id, created: true, documents: stored, cases };
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
