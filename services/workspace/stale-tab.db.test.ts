import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeUpload } from "@/app/api/documents/store-upload";
import type { Database } from "@/db/client";
import { createWorkspace } from "@/db/queries/workspaces";
import { brokers, documents } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { createTestUser } from "@/db/testing/users";
import { executeAction, requireWorkspaceRole } from "@/lib/action";
import { saveBrokerAction, searchCatalogAction } from "@/lib/actions/insurance";
import { switchWorkspaceAction } from "@/lib/actions/workspace";
import { localBlobStore } from "@/lib/blob";

// A tab left showing workspace X after another tab switched the browser (its cookie) to Y: every changing request
// the page sends names X (components/shell/shown-workspace.tsx), and the server refuses it rather than act in Y —
// for actions (locked or not) and for uploads alike — naming both workspaces and what to do.

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());
const db = () => database.db;

async function twoDesks(tag: string) {
  const ana = await createTestUser(db(), `ana-${tag}@example.com`);
  const x = (await createWorkspace(db(), { userId: ana.userId, name: `Desk X ${tag}` })).id;
  const y = (await createWorkspace(db(), { userId: ana.userId, name: `Desk Y ${tag}` })).id;
  return { ana, x, y };
}

const staleTab = /^This tab shows "Desk X \w+", but this browser has since switched to "Desk Y \w+" \(in another tab\), so nothing was done\. Reload this tab to work in "Desk Y \w+", or switch back to "Desk X \w+" and try again\.$/;

describe("a request from a tab showing another workspace than the browser's", () => {
  it("an action is refused, naming both workspaces; nothing is saved in either", async () => {
    const { ana, x, y } = await twoDesks("a1");
    const r = await executeAction(saveBrokerAction, { name: "Acme Brokers", emailDomains: [] }, { userId: ana.userId, workspaceId: y, shownWorkspaceId: x }, db());
    expect(r).toMatchObject({ ok: false, code: "conflict", error: expect.stringMatching(staleTab) });
    expect(await db().select().from(brokers).where(eq(brokers.name, "Acme Brokers"))).toEqual([]);
    // the same request from a tab showing the browser's workspace goes through
    expect(await executeAction(saveBrokerAction, { name: "Acme Brokers", emailDomains: [] }, { userId: ana.userId, workspaceId: y, shownWorkspaceId: y }, db())).toMatchObject({ ok: true });
    // and so does one that names no workspace (an API client, a script)
    expect(await executeAction(saveBrokerAction, { name: "Beta Brokers", emailDomains: [] }, { userId: ana.userId, workspaceId: y }, db())).toMatchObject({ ok: true });
  });

  it("an action that takes no lock is refused the same way", async () => {
    const { ana, x, y } = await twoDesks("a2");
    const r = await executeAction(searchCatalogAction, { caseId: "none", query: "x" }, { userId: ana.userId, workspaceId: y, shownWorkspaceId: x }, db());
    expect(r).toMatchObject({ ok: false, code: "conflict", error: expect.stringMatching(staleTab) });
  });

  it("an upload is refused and nothing is stored", async () => {
    const { ana, x, y } = await twoDesks("u1");
    const blobs = localBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "docket-stale-")));
    const file = { name: "inv.pdf", bytes: new TextEncoder().encode("%PDF-1.4\n1 0 obj\n%%EOF\n") };
    await expect(storeUpload({ userId: ana.userId, workspaceId: y, shownWorkspaceId: x }, file, { db: db(), blobs, maxFileBytes: 1e6 })).rejects.toThrow(staleTab);
    expect(await db().select().from(documents).where(eq(documents.workspaceId, y))).toEqual([]);
    await expect(requireWorkspaceRole(db(), { userId: ana.userId, workspaceId: y, shownWorkspaceId: x }, "viewer")).rejects.toThrow(staleTab);
  });

  it("a workspace the person is not in is not named", async () => {
    const { ana, y } = await twoDesks("n1");
    const stranger = await createTestUser(db(), "stranger-n1@example.com");
    const r = await executeAction(saveBrokerAction, { name: "C", emailDomains: [] }, { userId: ana.userId, workspaceId: y, shownWorkspaceId: stranger.workspaceId }, db());
    expect(r).toMatchObject({ ok: false, code: "conflict", error: expect.stringMatching(/^This tab shows another workspace, but this browser has since switched to "Desk Y n1"/) });
  });

  it("switching the browser back from that tab is not refused (it acts on the person, not a workspace)", async () => {
    const { ana, x, y } = await twoDesks("s1");
    expect(await executeAction(switchWorkspaceAction, { workspaceId: x }, { userId: ana.userId, workspaceId: y, shownWorkspaceId: x }, db())).toEqual({ ok: true, data: { workspaceId: x } });
  });
});
