import { vi } from "vitest";

await vi.hoisted(async () => (await import("@/db/testing/app-env")).useScratchAppEnv("delete-workspace"));

import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows, type Database } from "@/db/client";
import { storeDocument } from "@/db/queries/documents";
import { createWorkspace, listMemberships } from "@/db/queries/workspaces";
import { documents, memberships, workspaces } from "@/db/schema";
import { runnerConcurrency, runnerEvents, runnerJobs, runnerRuns, runnerSteps, runnerWaits } from "@/db/schema/runner";
import { seedDemo } from "@/db/seed";
import { createTestDatabase } from "@/db/testing";
import { createTestUser } from "@/db/testing/users";
import { executeAction } from "@/lib/action";
import { deleteWorkspaceAction, leaveWorkspaceAction } from "@/lib/actions/workspace";
import { getBlobStore } from "@/lib/blob";

// Deleting a workspace: only an owner, only with its name typed, every row of it gone in one transaction (every table
// that carries workspace_id is checked) and its files removed after the commit; other workspaces keep theirs.

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const db = () => database.db;

/** How many rows of every table with a workspace_id column belong to `workspaceId`, by table (only those with any). */
async function rowsOf(workspaceId: string) {
  const tables = rows<{ table_name: string }>(
    await db().execute(sql`select table_name from information_schema.columns where column_name = 'workspace_id' and table_schema = 'public' and table_name not like 'runner_%' order by 1`),
  );
  const left: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [{ n }] = rows<{ n: number }>(await db().execute(sql`select count(*)::int as n from ${sql.identifier(table_name)} where workspace_id = ${workspaceId}`));
    if (n) left[table_name] = n;
  }
  return left;
}

async function teamWithAFile(tag: string) {
  const owner = await createTestUser(db(), `owner-${tag}@example.com`);
  const admin = await createTestUser(db(), `admin-${tag}@example.com`);
  const ws = (await createWorkspace(db(), { userId: owner.userId, name: `Team ${tag}` })).id;
  await db().insert(memberships).values({ workspaceId: ws, userId: admin.userId, role: "admin" });
  const blobs = await getBlobStore();
  const { document } = await storeDocument(db(), blobs, {
    workspaceId: ws, filename: "a.pdf", contentType: "application/pdf", data: Buffer.from(`%PDF-1.4 ${tag}`), source: "upload", uploadedBy: owner.userId,
  });
  return { ws, owner, admin, blobKey: document.blobKey, session: (p: { userId: string }) => ({ userId: p.userId, workspaceId: ws }) };
}

describe("deleting a workspace", () => {
  it("only an owner, only with the name typed exactly; then its rows and files are gone and other workspaces keep theirs", async () => {
    const t = await teamWithAFile("del1");
    const other = await teamWithAFile("keep1");
    const blobs = await getBlobStore();

    const byAdmin = await executeAction(deleteWorkspaceAction, { confirmName: "Team del1" }, t.session(t.admin), db());
    expect(byAdmin).toMatchObject({ ok: false, error: expect.stringMatching(/^Your role \(admin\) cannot do this; it needs owner/) });
    const mistyped = await executeAction(deleteWorkspaceAction, { confirmName: "team del1" }, t.session(t.owner), db());
    expect(mistyped).toMatchObject({ ok: false, error: 'Type the workspace\'s name, "Team del1", exactly as shown to delete it.' });
    expect((await rowsOf(t.ws)).documents).toBe(1);

    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    const done = await executeAction(deleteWorkspaceAction, { confirmName: " Team del1 " }, t.session(t.owner), db());
    expect(done).toEqual({ ok: true, data: { name: "Team del1" } });
    expect(await db().select().from(workspaces).where(eq(workspaces.id, t.ws))).toEqual([]);
    expect(await rowsOf(t.ws)).toEqual({});
    expect(await blobs.read(t.blobKey)).toBeNull();
    // kept outside the deleted rows: the server log says who deleted what
    expect(info.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(new RegExp(`workspace deleted.*${t.ws}.*Team del1.*${t.owner.userId}`));
    info.mockRestore();
    // its members are left with their own workspaces
    expect((await listMemberships(db(), t.admin.userId)).map((m) => m.workspaceId)).toEqual([t.admin.workspaceId]);

    expect((await rowsOf(other.ws)).documents).toBe(1);
    expect(await blobs.read(other.blobKey)).not.toBeNull();
    const [doc] = await db().select({ id: documents.id }).from(documents).where(eq(documents.workspaceId, other.ws));
    expect(doc).toBeTruthy();
  });

  it("the demo workspace, with all it is seeded with, can be deleted by its owner", async () => {
    const blobs = await getBlobStore();
    const { workspaceId } = await seedDemo(db(), blobs);
    expect(Object.keys(await rowsOf(workspaceId)).length).toBeGreaterThan(5);
    const files = await db().select({ key: documents.blobKey }).from(documents).where(eq(documents.workspaceId, workspaceId));
    expect(files.length).toBeGreaterThan(0);
    expect(await blobs.read(files[0].key)).not.toBeNull();
    const [owner] = await db().select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")));
    const [ws] = await db().select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    const r = await executeAction(deleteWorkspaceAction, { confirmName: ws.name }, { userId: owner.userId, workspaceId }, db());
    info.mockRestore();
    expect(r).toMatchObject({ ok: true });
    expect(await rowsOf(workspaceId)).toEqual({});
    for (const f of files) expect(await blobs.read(f.key)).toBeNull();
  });

  it("takes the workspace's background jobs with it (the runner's runs, steps, due work, waits, slots and events); other workspaces keep theirs", async () => {
    const t = await teamWithAFile("jobs1");
    const other = await teamWithAFile("jobs2");
    const now = new Date();
    const jobsOf = async (ws: string) => {
      const event = { id: `ev-${ws}`, name: "app/document.uploaded", data: { workspaceId: ws, documentId: "d1" }, ts: now.getTime() };
      await db().insert(runnerEvents).values({ id: event.id, name: event.name, payload: event, ts: now, receivedAt: now, processedAt: now });
      await db().insert(runnerEvents).values({ id: `ev-pending-${ws}`, name: event.name, payload: { ...event, id: `ev-pending-${ws}` }, ts: now, receivedAt: now });
      const run = `run-${ws}`;
      await db().insert(runnerRuns).values({ id: run, functionId: "docket-extract-document", workspaceId: ws, trigger: event.name, eventId: event.id, event, status: "sleeping", maxAttempts: 3, createdAt: now, updatedAt: now });
      await db().insert(runnerSteps).values({ runId: run, hashedId: "h1", stepId: "read", name: "read", op: "StepRun", status: "completed", seq: 1, updatedAt: now });
      await db().insert(runnerJobs).values({ runId: run, kind: "sleep", hashedId: "h2", dueAt: now, createdAt: now });
      await db().insert(runnerWaits).values({ runId: run, hashedId: "h3", eventName: "app/x", expiresAt: now, createdAt: now });
      await db().insert(runnerConcurrency).values({ functionId: "docket-extract-document", scopeKey: `0:${ws}`, slot: 0, runId: run, expiresAt: now });
    };
    await jobsOf(t.ws);
    await jobsOf(other.ws);
    const left = async (ws: string) => {
      const run = `run-${ws}`;
      const n = async (q: Promise<unknown[]>) => (await q).length;
      return [
        await n(db().select().from(runnerRuns).where(eq(runnerRuns.workspaceId, ws))),
        await n(db().select().from(runnerSteps).where(eq(runnerSteps.runId, run))),
        await n(db().select().from(runnerJobs).where(eq(runnerJobs.runId, run))),
        await n(db().select().from(runnerWaits).where(eq(runnerWaits.runId, run))),
        await n(db().select().from(runnerConcurrency).where(eq(runnerConcurrency.runId, run))),
        await n(db().select().from(runnerEvents).where(sql`${runnerEvents.payload} -> 'data' ->> 'workspaceId' = ${ws}`)),
      ];
    };
    expect(await left(t.ws)).toEqual([1, 1, 1, 1, 1, 2]);

    const info = vi.spyOn(console, "info").mockImplementation(() => undefined);
    expect(await executeAction(deleteWorkspaceAction, { confirmName: "Team jobs1" }, t.session(t.owner), db())).toMatchObject({ ok: true });
    info.mockRestore();
    expect(await left(t.ws)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(await left(other.ws)).toEqual([1, 1, 1, 1, 1, 2]);
  });

  it("the last owner, refused leaving, is told they can delete the workspace instead", async () => {
    const t = await teamWithAFile("last1");
    expect(await executeAction(leaveWorkspaceAction, {}, t.session(t.owner), db())).toMatchObject({
      ok: false,
      error: "You are the last owner of this workspace: make someone else owner before you leave, or delete the workspace (Settings).",
    });
  });
});
