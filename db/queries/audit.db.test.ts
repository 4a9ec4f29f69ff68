import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditEvents } from "@/db/schema";
import { createTestDatabase, createTestUser } from "@/db/testing";
import { auditEntityTypes, auditPerDay, listAudit, recordAudit } from "./audit";

let database: Database;
let ws: string;
let other: string;
beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  ws = (await createTestUser(db, "audit-a@example.com")).workspaceId;
  other = (await createTestUser(db, "audit-b@example.com")).workspaceId;
  const event = (workspaceId: string, entityType: string, entityId: string, action: string) =>
    recordAudit(db, { workspaceId, actorId: null, action, entityType, entityId, after: { n: 1 } });
  await event(ws, "invoice", "inv_1", "invoice.extracted");
  await event(ws, "invoice", "inv_1", "invoice.approved");
  await event(ws, "invoice", "inv_12", "invoice.extracted");
  await event(ws, "document", "doc_1", "document.stored");
  await event(ws, "case", "case_1", "case.matched");
  await event(other, "campaign", "cmp_1", "campaign.started");
  await event(other, "invoice", "inv_1", "invoice.rejected");
});
afterAll(async () => database?.close());

describe("audit queries", () => {
  it("lists the workspace's entity types once each, in order, and none of another workspace's", async () => {
    const plain = async (workspaceId: string) =>
      (await database.db.selectDistinct({ t: auditEvents.entityType }).from(auditEvents).where(eq(auditEvents.workspaceId, workspaceId)))
        .map((r) => r.t)
        .sort();
    const mine = await auditEntityTypes(database.db, ws);
    expect(mine).toEqual(expect.arrayContaining(["case", "document", "invoice"]));
    expect(mine).not.toContain("campaign");
    expect(mine).toEqual(await plain(ws));
    expect(await auditEntityTypes(database.db, other)).toEqual(await plain(other));
    expect(await auditEntityTypes(database.db, other)).toContain("campaign");
    expect(await auditEntityTypes(database.db, "no-such-workspace")).toEqual([]);
  });

  it("gives one entity's history: that id only (not ids that contain it), this workspace only, newest first", async () => {
    const { rows } = await listAudit(database.db, { workspaceId: ws, entityType: "invoice", entityId: "inv_1" });
    expect(rows.map((r) => r.action)).toEqual(["invoice.approved", "invoice.extracted"]);
    expect(rows.every((r) => r.entityId === "inv_1")).toBe(true);
  });

  it("counts the workspace's events per day since a date, oldest day first, days without any left out", async () => {
    const fresh = (await createTestUser(database.db, "audit-days@example.com")).workspaceId;
    const at = (iso: string, workspaceId = fresh) => ({ workspaceId, actorType: "system" as const, action: "x.done", entityType: "x", entityId: iso, at: new Date(iso) });
    await database.db.insert(auditEvents).values([
      at("2099-03-01T12:00:00Z"), // before `since`
      at("2099-03-03T09:00:00Z"),
      at("2099-03-03T15:00:00Z"),
      at("2099-03-05T12:00:00Z"),
      at("2099-03-03T12:00:00Z", other),
    ]);
    expect(await auditPerDay(database.db, { workspaceId: fresh, since: new Date("2099-03-02T00:00:00Z") })).toEqual([
      { day: "2099-03-03", count: 2 },
      { day: "2099-03-05", count: 1 },
    ]);
  });
});
