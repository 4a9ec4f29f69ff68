import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { listAudit } from "@/db/queries/audit";
import { createInvitation, createWorkspace, getRole, listMembers, listOpenInvitations } from "@/db/queries/workspaces";
import { invitations, memberships, workspaces, type Role } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { createTestUser, type TestUser } from "@/db/testing/users";
import { executeAction, NOT_A_MEMBER, type Session } from "@/lib/action";
import { sessionFor } from "./session-for";
import {
  acceptInvitationAction,
  changeRoleAction,
  inviteMemberAction,
  leaveWorkspaceAction,
  removeMemberAction,
  renameWorkspaceAction,
  revokeInvitationAction,
} from "@/lib/actions/workspace";

// A workspace's members as its people handle them, through the server actions the settings page and the invite
// page call (session → role → service), so each rule is checked where a forged call would land too.

let database: Database;
let n = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const db = () => database.db;

/** A workspace with one person in each role (`owner` created it), each with their own personal workspace too. */
async function team() {
  const tag = `t${++n}`;
  const person = (name: string) => createTestUser(db(), `${name}-${tag}@example.com`, name);
  const owner = await person("owner");
  const ws = (await createWorkspace(db(), { userId: owner.userId, name: `Team ${tag}` })).id;
  const people: Record<Exclude<Role, "owner">, TestUser> = { admin: await person("admin"), member: await person("member"), viewer: await person("viewer") };
  for (const [role, p] of Object.entries(people)) await db().insert(memberships).values({ workspaceId: ws, userId: p.userId, role: role as Role });
  const as = (p: TestUser): Session => ({ userId: p.userId, workspaceId: ws });
  return { ws, tag, owner, ...people, as };
}

type Outcome = { ok: true; data: unknown } | { ok: false; error: string; code?: string };
const refusal = (r: Outcome) => (r.ok ? "(accepted)" : r.error);
const ownersOf = async (ws: string) => (await listMembers(db(), { workspaceId: ws })).filter((m) => m.role === "owner").map((m) => m.userId);

describe("roles: who may change whose role", () => {
  it("an admin cannot make themselves (or anyone) owner, nor touch an owner's role or membership", async () => {
    const t = await team();
    const admin = t.as(t.admin);
    expect(refusal(await executeAction(changeRoleAction, { userId: t.admin.userId, role: "owner" }, admin, db()))).toMatch(/Only an owner/);
    expect(refusal(await executeAction(changeRoleAction, { userId: t.member.userId, role: "owner" }, admin, db()))).toMatch(/Only an owner/);
    expect(refusal(await executeAction(changeRoleAction, { userId: t.owner.userId, role: "viewer" }, admin, db()))).toMatch(/Only an owner/);
    expect(refusal(await executeAction(removeMemberAction, { userId: t.owner.userId }, admin, db()))).toMatch(/Only an owner can remove an owner/);
    expect(refusal(await executeAction(inviteMemberAction, { email: `x-${t.tag}@example.com`, role: "owner" }, admin, db()))).toMatch(/Only an owner/);
    expect(await getRole(db(), { workspaceId: t.ws, userId: t.admin.userId })).toBe("admin");
    expect(await ownersOf(t.ws)).toEqual([t.owner.userId]);
    // what an admin may do: manage members and viewers
    expect(await executeAction(changeRoleAction, { userId: t.member.userId, role: "viewer" }, admin, db())).toMatchObject({ ok: true });
    expect(await executeAction(removeMemberAction, { userId: t.viewer.userId }, admin, db())).toMatchObject({ ok: true });
    expect(await getRole(db(), { workspaceId: t.ws, userId: t.viewer.userId })).toBeNull();
  });

  it("members and viewers can do none of it: each refusal names their role", async () => {
    const t = await team();
    for (const who of [t.member, t.viewer]) {
      const s = t.as(who);
      const tries = [
        await executeAction(changeRoleAction, { userId: who.userId, role: "admin" }, s, db()),
        await executeAction(removeMemberAction, { userId: t.admin.userId }, s, db()),
        await executeAction(inviteMemberAction, { email: `y-${t.tag}@example.com`, role: "viewer" }, s, db()),
        await executeAction(renameWorkspaceAction, { name: "Mine now" }, s, db()),
      ];
      for (const r of tries) expect(refusal(r)).toMatch(/^Your role \((member|viewer)\) cannot do this; it needs admin or above/);
    }
    expect((await listMembers(db(), { workspaceId: t.ws })).map((m) => m.role).sort()).toEqual(["admin", "member", "owner", "viewer"]);
    expect(await listOpenInvitations(db(), { workspaceId: t.ws })).toEqual([]);
  });

  it("the last owner can neither leave nor step down, and is told what to do first", async () => {
    const t = await team();
    const owner = t.as(t.owner);
    expect(refusal(await executeAction(leaveWorkspaceAction, {}, owner, db()))).toBe(
      "You are the last owner of this workspace: make someone else owner before you leave, or delete the workspace (Settings).",
    );
    expect(refusal(await executeAction(changeRoleAction, { userId: t.owner.userId, role: "admin" }, owner, db()))).toBe(
      "A workspace needs at least one owner: make someone else owner first.",
    );
    expect(await ownersOf(t.ws)).toEqual([t.owner.userId]);
    // with a second owner, either may go
    expect(await executeAction(changeRoleAction, { userId: t.admin.userId, role: "owner" }, owner, db())).toMatchObject({ ok: true });
    expect(await executeAction(leaveWorkspaceAction, {}, owner, db())).toMatchObject({ ok: true });
    expect(await ownersOf(t.ws)).toEqual([t.admin.userId]);
    const left = (await listAudit(db(), { workspaceId: t.ws })).rows.find((r) => r.action === "member.left");
    expect(left).toMatchObject({ actorId: t.owner.userId, entityId: t.owner.userId, before: { role: "owner" } });
  });

  it("two owners leaving at the same moment: one of them stays owner", async () => {
    const t = await team();
    await db().update(memberships).set({ role: "owner" }).where(and(eq(memberships.workspaceId, t.ws), eq(memberships.userId, t.admin.userId)));
    const [a, b] = await Promise.all([
      executeAction(leaveWorkspaceAction, {}, t.as(t.owner), db()),
      executeAction(leaveWorkspaceAction, {}, t.as(t.admin), db()),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(refusal(a.ok ? b : a)).toMatch(/last owner/);
    expect(await ownersOf(t.ws)).toHaveLength(1);
  });

  it("two owners stepping each other down at the same moment: one of them stays owner", async () => {
    const t = await team();
    await db().update(memberships).set({ role: "owner" }).where(and(eq(memberships.workspaceId, t.ws), eq(memberships.userId, t.admin.userId)));
    const [a, b] = await Promise.all([
      executeAction(changeRoleAction, { userId: t.admin.userId, role: "member" }, t.as(t.owner), db()),
      executeAction(changeRoleAction, { userId: t.owner.userId, role: "member" }, t.as(t.admin), db()),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(await ownersOf(t.ws)).toHaveLength(1);
  });
});

describe("a removed member's page, still open", () => {
  it("refuses their changes, and makes none of them in their own workspace instead", async () => {
    const t = await team();
    const workspaceName = async (id: string) => (await db().select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, id)))[0].name;
    const before = await workspaceName(t.admin.workspaceId);
    expect(await executeAction(removeMemberAction, { userId: t.admin.userId }, t.as(t.owner), db())).toMatchObject({ ok: true });

    // their browser's workspace cookie still names the team
    const tab = await sessionFor(db(), t.admin.userId, t.ws);
    const tries = [
      await executeAction(renameWorkspaceAction, { name: "Renamed from an old tab" }, tab, db()),
      await executeAction(inviteMemberAction, { email: `friend-${t.tag}@example.com`, role: "member" }, tab, db()),
      await executeAction(changeRoleAction, { userId: t.member.userId, role: "viewer" }, tab, db()),
    ];
    for (const r of tries) expect(r).toEqual({ ok: false, error: NOT_A_MEMBER, code: "forbidden" });
    expect(await workspaceName(t.admin.workspaceId)).toBe(before);
    expect(await workspaceName(t.ws)).toBe(`Team ${t.tag}`);
    expect(await listOpenInvitations(db(), { workspaceId: t.admin.workspaceId })).toEqual([]);
    expect(await getRole(db(), { workspaceId: t.ws, userId: t.member.userId })).toBe("member");

    // once the page frame has pointed the cookie at their own workspace, changes act there
    const repaired = await sessionFor(db(), t.admin.userId, t.admin.workspaceId);
    expect(await executeAction(renameWorkspaceAction, { name: "Mine" }, repaired, db())).toMatchObject({ ok: true });
    expect(await workspaceName(t.admin.workspaceId)).toBe("Mine");
  });
});

describe("invitations: invite, accept, and every way a link can be wrong", () => {
  it("the invitee accepts once; a second click is the same success; the wrong account is told whom it was for", async () => {
    const t = await team();
    const invited = await inviteAs(t, "new", "member");
    const stranger = await createTestUser(db(), `stranger-${t.tag}@example.com`);
    const wrong = await executeAction(acceptInvitationAction, { token: invited.token }, { userId: stranger.userId, workspaceId: stranger.workspaceId }, db());
    expect(refusal(wrong)).toBe(
      `This invitation was sent to new-${t.tag}@example.com, but you are signed in as stranger-${t.tag}@example.com. Sign in with the invited address.`,
    );
    const me = await createTestUser(db(), `NEW-${t.tag}@Example.com`);
    const session = { userId: me.userId, workspaceId: me.workspaceId };
    expect(await executeAction(acceptInvitationAction, { token: invited.token }, session, db())).toEqual({ ok: true, data: { workspaceId: t.ws } });
    expect(await executeAction(acceptInvitationAction, { token: invited.token }, session, db())).toEqual({ ok: true, data: { workspaceId: t.ws } });
    expect(await getRole(db(), { workspaceId: t.ws, userId: me.userId })).toBe("member");
    expect(refusal(await executeAction(acceptInvitationAction, { token: invited.token }, { userId: stranger.userId, workspaceId: null }, db()))).toBe(
      "This invitation was already used.",
    );
    const accepted = (await listAudit(db(), { workspaceId: t.ws })).rows.filter((r) => r.action === "invitation.accepted");
    expect(accepted).toHaveLength(1);
  });

  it("a member who was removed cannot walk back in with the link they joined by", async () => {
    const t = await team();
    const invited = await inviteAs(t, "gone", "admin");
    const gone = await createTestUser(db(), `gone-${t.tag}@example.com`);
    const session = { userId: gone.userId, workspaceId: gone.workspaceId };
    expect(await executeAction(acceptInvitationAction, { token: invited.token }, session, db())).toMatchObject({ ok: true });
    expect(await executeAction(removeMemberAction, { userId: gone.userId }, t.as(t.owner), db())).toMatchObject({ ok: true });
    const again = await executeAction(acceptInvitationAction, { token: invited.token }, session, db());
    expect(refusal(again)).toBe("This invitation was already used, and you are no longer a member of that workspace. Ask for a new invitation.");
    expect(await getRole(db(), { workspaceId: t.ws, userId: gone.userId })).toBeNull();
  });

  it("revoked, replaced and expired links say so; an unknown one says it is not valid", async () => {
    const t = await team();
    const who = await createTestUser(db(), `late-${t.tag}@example.com`);
    const session = { userId: who.userId, workspaceId: who.workspaceId };
    const accept = async (token: string) => refusal(await executeAction(acceptInvitationAction, { token }, session, db()));

    const revoked = await inviteAs(t, "late", "member");
    expect(await executeAction(revokeInvitationAction, { invitationId: revoked.invitationId }, t.as(t.admin), db())).toMatchObject({ ok: true });
    expect(await accept(revoked.token)).toBe("This invitation was withdrawn. Ask for a new one.");
    // revoking twice: the second says it is gone
    expect(refusal(await executeAction(revokeInvitationAction, { invitationId: revoked.invitationId }, t.as(t.admin), db()))).toMatch(/does not exist or was already used/);

    const first = await inviteAs(t, "late", "member");
    await inviteAs(t, "late", "viewer"); // a new invitation to the same address replaces the open one
    expect(await accept(first.token)).toBe("This invitation was withdrawn. Ask for a new one.");

    const { token: old } = await createInvitation(db(), {
      workspaceId: t.ws, actorId: t.owner.userId, actorRole: "owner", email: `late-${t.tag}@example.com`, role: "member", now: new Date(Date.now() - 8 * 86_400_000),
    });
    expect(await accept(old)).toBe("This invitation has expired. Ask for a new one.");
    expect(await accept("no-such-token-at-all")).toBe("This invitation link is not valid. Ask for a new one.");
    expect(await getRole(db(), { workspaceId: t.ws, userId: who.userId })).toBeNull();
  });

  it("an admin can neither withdraw nor replace an invitation an owner sent for the owner role", async () => {
    const t = await team();
    const forOwner = await inviteAs(t, "co-owner", "owner");
    const admin = t.as(t.admin);
    expect(refusal(await executeAction(revokeInvitationAction, { invitationId: forOwner.invitationId }, admin, db()))).toBe(
      "Only an owner can withdraw an invitation for the owner role.",
    );
    expect(refusal(await executeAction(inviteMemberAction, { email: `co-owner-${t.tag}@example.com`, role: "viewer" }, admin, db()))).toBe(
      `co-owner-${t.tag}@example.com has an open invitation for the owner role; only an owner can replace it.`,
    );
    const [open] = await db().select().from(invitations).where(eq(invitations.id, forOwner.invitationId));
    expect(open.revokedAt).toBeNull();
    // an admin's own invitations stay theirs to manage
    const mine = await executeAction(inviteMemberAction, { email: `helper-${t.tag}@example.com`, role: "member" }, admin, db());
    expect(mine).toMatchObject({ ok: true });
    expect(await executeAction(inviteMemberAction, { email: `helper-${t.tag}@example.com`, role: "viewer" }, admin, db())).toMatchObject({ ok: true });
  });

  it("inviting someone who is already a member is refused with their address", async () => {
    const t = await team();
    const r = await executeAction(inviteMemberAction, { email: `MEMBER-${t.tag}@example.com`, role: "admin" }, t.as(t.owner), db());
    expect(refusal(r)).toBe(`member-${t.tag}@example.com is already a member of this workspace.`);
  });
});

describe("an inviter who can no longer invite: their open invitations stop working", () => {
  const SENDER_GONE = "This invitation was withdrawn: the person who sent it can no longer invite people to this workspace. Ask a workspace admin for a new invitation.";
  const openIds = async (ws: string) => (await listOpenInvitations(db(), { workspaceId: ws })).map((i) => i.id);

  it("removing an admin withdraws the invitations they sent, with an audit event; the link says why", async () => {
    const t = await team();
    const sent = await inviteAs(t, "friend", "member", t.admin);
    const ownerSent = await inviteAs(t, "other", "member");
    expect(await executeAction(removeMemberAction, { userId: t.admin.userId }, t.as(t.owner), db())).toMatchObject({ ok: true });
    expect(await openIds(t.ws)).toEqual([ownerSent.invitationId]);
    const withdrawn = (await listAudit(db(), { workspaceId: t.ws })).rows.filter((r) => r.action === "invitation.withdrawn");
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]).toMatchObject({ actorId: t.owner.userId, entityId: sent.invitationId, before: { email: `friend-${t.tag}@example.com`, role: "member" } });
    const friend = await createTestUser(db(), `friend-${t.tag}@example.com`);
    const r = await executeAction(acceptInvitationAction, { token: sent.token }, { userId: friend.userId, workspaceId: friend.workspaceId }, db());
    expect(refusal(r)).toBe(SENDER_GONE);
    expect(await getRole(db(), { workspaceId: t.ws, userId: friend.userId })).toBeNull();
  });

  it("demoting an admin to member withdraws theirs; an owner stepping down to admin loses only those for the owner role", async () => {
    const t = await team();
    const sent = await inviteAs(t, "a", "viewer", t.admin);
    expect(await executeAction(changeRoleAction, { userId: t.admin.userId, role: "member" }, t.as(t.owner), db())).toMatchObject({ ok: true });
    expect(await openIds(t.ws)).not.toContain(sent.invitationId);

    await db().update(memberships).set({ role: "owner" }).where(and(eq(memberships.workspaceId, t.ws), eq(memberships.userId, t.member.userId)));
    const forOwner = await inviteAs(t, "b", "owner", t.member);
    const forAdmin = await inviteAs(t, "c", "admin", t.member);
    expect(await executeAction(changeRoleAction, { userId: t.member.userId, role: "admin" }, t.as(t.owner), db())).toMatchObject({ ok: true });
    const open = await openIds(t.ws);
    expect(open).toContain(forAdmin.invitationId);
    expect(open).not.toContain(forOwner.invitationId);
    const b = await createTestUser(db(), `b-${t.tag}@example.com`);
    expect(refusal(await executeAction(acceptInvitationAction, { token: forOwner.token }, { userId: b.userId, workspaceId: b.workspaceId }, db()))).toBe(SENDER_GONE);
    const c = await createTestUser(db(), `c-${t.tag}@example.com`);
    expect(await executeAction(acceptInvitationAction, { token: forAdmin.token }, { userId: c.userId, workspaceId: c.workspaceId }, db())).toMatchObject({ ok: true });
    expect(await getRole(db(), { workspaceId: t.ws, userId: c.userId })).toBe("admin");
  });

  it("accepting checks the sender's role at that moment: a link still open although its sender lost the right is refused", async () => {
    const t = await team();
    const sent = await inviteAs(t, "d", "member", t.admin);
    // the sender demoted without the withdrawal (an invitation left open by an older version, or a race)
    await db().update(memberships).set({ role: "viewer" }).where(and(eq(memberships.workspaceId, t.ws), eq(memberships.userId, t.admin.userId)));
    expect(await openIds(t.ws)).toContain(sent.invitationId);
    const d = await createTestUser(db(), `d-${t.tag}@example.com`);
    expect(refusal(await executeAction(acceptInvitationAction, { token: sent.token }, { userId: d.userId, workspaceId: d.workspaceId }, db()))).toBe(SENDER_GONE);
    expect(await getRole(db(), { workspaceId: t.ws, userId: d.userId })).toBeNull();
    // restored to admin, the same link works again
    await db().update(memberships).set({ role: "admin" }).where(and(eq(memberships.workspaceId, t.ws), eq(memberships.userId, t.admin.userId)));
    expect(await executeAction(acceptInvitationAction, { token: sent.token }, { userId: d.userId, workspaceId: d.workspaceId }, db())).toMatchObject({ ok: true });
  });
});

describe("accepting an invitation while already a member", () => {
  /** Someone invited who then became a member another way (another link, the demo seed) before accepting. */
  async function alreadyIn(t: Awaited<ReturnType<typeof team>>, name: string, invitedAs: Role, isAlready: Role) {
    const inv = await inviteAs(t, name, invitedAs);
    const who = await createTestUser(db(), `${name}-${t.tag}@example.com`);
    await db().insert(memberships).values({ workspaceId: t.ws, userId: who.userId, role: isAlready });
    const session = { userId: who.userId, workspaceId: who.workspaceId };
    return { inv, who, accept: () => executeAction(acceptInvitationAction, { token: inv.token }, session, db()) };
  }
  const invitationRow = async (id: string) => (await db().select().from(invitations).where(eq(invitations.id, id)))[0];

  it("a higher role than theirs is applied, with an audit event, and they are told", async () => {
    const t = await team();
    const { inv, who, accept } = await alreadyIn(t, "up", "admin", "viewer");
    expect(await accept()).toEqual({ ok: true, data: { workspaceId: t.ws, notice: `You are now an admin of Team ${t.tag} (you were a viewer).` } });
    expect(await getRole(db(), { workspaceId: t.ws, userId: who.userId })).toBe("admin");
    expect((await invitationRow(inv.invitationId)).acceptedBy).toBe(who.userId);
    const changed = (await listAudit(db(), { workspaceId: t.ws })).rows.filter((r) => r.action === "member.role_changed" && r.entityId === who.userId);
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({ actorId: who.userId, before: { role: "viewer" }, after: { role: "admin" } });
  });

  it("an equal or lower one leaves their role as it is, marks the link used, and says so", async () => {
    const t = await team();
    const lower = await alreadyIn(t, "down", "member", "admin");
    expect(await lower.accept()).toEqual({
      ok: true,
      data: { workspaceId: t.ws, notice: `You are already an admin of Team ${t.tag}; this invitation's member role was not applied.` },
    });
    expect(await getRole(db(), { workspaceId: t.ws, userId: lower.who.userId })).toBe("admin");
    expect((await invitationRow(lower.inv.invitationId)).acceptedAt).not.toBeNull();
    const same = await alreadyIn(t, "same", "member", "member");
    expect(await same.accept()).toMatchObject({ ok: true, data: { notice: `You are already a member of Team ${t.tag}; this invitation's member role was not applied.` } });
    expect(await getRole(db(), { workspaceId: t.ws, userId: same.who.userId })).toBe("member");
    const changed = (await listAudit(db(), { workspaceId: t.ws })).rows.filter((r) => r.action === "member.role_changed");
    expect(changed).toEqual([]);
  });
});

/** An invitation sent (by default by the team's owner) through the action: its id and the token from its link. */
async function inviteAs(t: Awaited<ReturnType<typeof team>>, name: string, role: Role, by: TestUser = t.owner) {
  const r = await executeAction(inviteMemberAction, { email: `${name}-${t.tag}@example.com`, role }, t.as(by), db());
  if (!r.ok) throw new Error(r.error);
  const data = r.data as { invitationId: string; link: string };
  return { invitationId: data.invitationId, token: data.link.split("/invite/")[1] };
}
