import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { createTestDatabase } from "@/db/testing";
import { eq } from "drizzle-orm";
import { alerts } from "../schema";
import { countActiveAlerts } from "./alerts";
import { listAudit } from "./audit";
import {
  acceptInvitation,
  changeRole,
  createInvitation,
  ensurePersonalWorkspace,
  findOrCreateUserByEmail,
  getRole,
  createWorkspace,
  listMembers,
  listMemberships,
  ALERT_COUNT_CAP,
  listMembershipsWithActiveAlerts,
  removeMember,
} from "./workspaces";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe("workspaces", () => {
  it("gives a first-time user a personal workspace, once", async () => {
    const db = database.db;
    const ana = await findOrCreateUserByEmail(db, "Ana@Example.com ", "Ana");
    expect(ana.email).toBe("ana@example.com");
    const ws1 = await ensurePersonalWorkspace(db, ana.id);
    const ws2 = await ensurePersonalWorkspace(db, ana.id);
    expect(ws2).toBe(ws1);
    expect(await getRole(db, { workspaceId: ws1, userId: ana.id })).toBe("owner");
    const audit = await listAudit(db, { workspaceId: ws1 });
    expect(audit.rows.map((r) => r.action)).toContain("workspace.created");
  });

  it("invites by link, accepts only for the invited address, and keeps one owner", async () => {
    const db = database.db;
    const owner = await findOrCreateUserByEmail(db, "owner@example.com");
    const ws = await ensurePersonalWorkspace(db, owner.id);
    const { token } = await createInvitation(db, {
      workspaceId: ws,
      actorId: owner.id,
      actorRole: "owner",
      email: "Bea@example.com",
      role: "member",
    });
    const stranger = await findOrCreateUserByEmail(db, "stranger@example.com");
    await expect(acceptInvitation(db, { token, userId: stranger.id })).rejects.toThrow(/sent to bea@example.com/);
    const bea = await findOrCreateUserByEmail(db, "bea@example.com");
    expect(await acceptInvitation(db, { token, userId: bea.id })).toEqual({ workspaceId: ws });
    expect(await getRole(db, { workspaceId: ws, userId: bea.id })).toBe("member");
    await expect(acceptInvitation(db, { token, userId: stranger.id })).rejects.toThrow(/already used/);

    // An admin cannot make owners; the last owner cannot be demoted or removed.
    await changeRole(db, { workspaceId: ws, actorId: owner.id, actorRole: "owner", userId: bea.id, role: "admin" });
    await expect(
      changeRole(db, { workspaceId: ws, actorId: bea.id, actorRole: "admin", userId: bea.id, role: "owner" }),
    ).rejects.toThrow(/Only an owner/);
    await expect(
      changeRole(db, { workspaceId: ws, actorId: owner.id, actorRole: "owner", userId: owner.id, role: "member" }),
    ).rejects.toThrow(/at least one owner/);
    await expect(removeMember(db, { workspaceId: ws, actorId: owner.id, actorRole: "owner", userId: owner.id })).rejects.toThrow(
      /last owner/,
    );
    await removeMember(db, { workspaceId: ws, actorId: owner.id, actorRole: "owner", userId: bea.id });
    expect((await listMembers(db, { workspaceId: ws })).map((m) => m.email)).toEqual(["owner@example.com"]);
    const audit = await listAudit(db, { workspaceId: ws });
    const roleChange = audit.rows.find((r) => r.action === "member.role_changed");
    expect(roleChange?.before).toEqual({ role: "member" });
    expect(roleChange?.after).toEqual({ role: "admin" });
  });

  it("rejects expired invitations", async () => {
    const db = database.db;
    const owner = await findOrCreateUserByEmail(db, "own2@example.com");
    const ws = await ensurePersonalWorkspace(db, owner.id);
    const { token } = await createInvitation(db, {
      workspaceId: ws,
      actorId: owner.id,
      actorRole: "owner",
      email: "late@example.com",
      role: "viewer",
      now: new Date("2020-01-01"),
    });
    const late = await findOrCreateUserByEmail(db, "late@example.com");
    await expect(acceptInvitation(db, { token, userId: late.id })).rejects.toThrow(/expired/);
  });

  it("lists a user's workspaces for the page frame with each one's active alerts, counted as the alert count counts them", async () => {
    const db = database.db;
    const user = await findOrCreateUserByEmail(db, "frame@example.com");
    const first = await ensurePersonalWorkspace(db, user.id);
    const second = (await createWorkspace(db, { userId: user.id, name: "Second" })).id;
    const stranger = await ensurePersonalWorkspace(db, (await findOrCreateUserByEmail(db, "stranger-frame@example.com")).id);
    const hour = 3_600_000;
    const alert = (workspaceId: string, key: string, state: "open" | "snoozed" | "acknowledged" | "resolved", snoozedUntil: Date | null = null) => ({
      workspaceId, key, state, snoozedUntil, kind: "invoice_overdue" as const, objectType: "invoice" as const, objectId: key, title: key, href: `/invoices/${key}`,
    });
    await db.insert(alerts).values([
      alert(first, "a", "open"),
      alert(first, "b", "open"),
      alert(first, "c", "snoozed", new Date(Date.now() - hour)), // snooze over: active again
      alert(first, "d", "snoozed", new Date(Date.now() + hour)),
      alert(first, "e", "acknowledged"),
      alert(first, "f", "resolved"),
      alert(second, "a", "open"),
      alert(stranger, "a", "open"),
      alert(stranger, "b", "open"),
    ]);
    const frame = await listMembershipsWithActiveAlerts(db, user.id);
    expect(frame.map((m) => [m.workspaceId, m.activeAlerts])).toEqual([
      [first, 3],
      [second, 1],
    ]);
    for (const m of frame) expect(m.activeAlerts).toBe(await countActiveAlerts(db, { workspaceId: m.workspaceId }));
    // the same workspaces, order and fields as listMemberships
    expect(frame.map(({ activeAlerts: _, ...m }) => m)).toEqual(await listMemberships(db, user.id));
    expect(await listMembershipsWithActiveAlerts(db, "no-such-user")).toEqual([]);
    // counted up to the cap (the sidebar says "99+"), open and due snoozed ones alike, and again after a change:
    // the prepared statement reads the alerts of now, not of when it was prepared
    const many = Array.from({ length: ALERT_COUNT_CAP + 20 }, (_, i) => alert(second, `m${i}`, i % 2 ? "open" : "snoozed", new Date(Date.now() - hour)));
    await db.insert(alerts).values(many);
    for (let i = 0; i < 7; i++) {
      // past PostgreSQL's first five executions, when a prepared statement may switch to a generic plan
      expect((await listMembershipsWithActiveAlerts(db, user.id)).map((m) => m.activeAlerts)).toEqual([3, ALERT_COUNT_CAP]);
    }
    await db.delete(alerts).where(eq(alerts.workspaceId, second));
    expect((await listMembershipsWithActiveAlerts(db, user.id)).map((m) => m.activeAlerts)).toEqual([3, 0]);
  });
});
