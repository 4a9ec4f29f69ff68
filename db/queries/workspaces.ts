import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { UserError } from "@/lib/errors";
import { acceptByMember, invitationStatus, mayInvite } from "@/lib/invitations";
import { deleteWorkspaceRuns } from "@/lib/runner/store";
import type { Db } from "../client";
import { invitations, memberships, roles, users, workspaces, type Role } from "../schema";
import { cappedActiveAlertCount } from "./alerts";
import { recordAudit, recordAudits } from "./audit";

export const roleRank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
export const hasRole = (role: Role, atLeast: Role) => roleRank[role] >= roleRank[atLeast];
export { roles };

export const INVITE_TTL_DAYS = 7;

export async function findOrCreateUserByEmail(db: Db, email: string, name?: string | null) {
  const normalized = email.trim().toLowerCase();
  const [existing] = await db.select().from(users).where(eq(users.email, normalized));
  if (existing) return existing;
  const [created] = await db
    .insert(users)
    .values({ email: normalized, name: name ?? normalized.split("@")[0] })
    .onConflictDoNothing()
    .returning();
  return created ?? (await db.select().from(users).where(eq(users.email, normalized)))[0];
}

export async function listMemberships(db: Db, userId: string) {
  return db
    .select({ workspaceId: workspaces.id, name: workspaces.name, isDemo: workspaces.isDemo, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.createdAt));
}

/** The sidebar counts a workspace's active alerts up to this many (it shows "99+" from there). */
export const ALERT_COUNT_CAP = 100;

// The frame of every signed-in page asks this, so it is built once per database and prepared (PostgreSQL parses and
// plans it once per connection): building it anew was a share of each page's server CPU.
const frameQueries = new WeakMap<Db, ReturnType<typeof prepareFrameQuery>>();

function prepareFrameQuery(db: Db) {
  return db
    .select({
      workspaceId: workspaces.id,
      name: workspaces.name,
      isDemo: workspaces.isDemo,
      role: memberships.role,
      // counted up to the cap only: a workspace with tens of thousands of overdue invoices made every page count them
      activeAlerts: cappedActiveAlertCount(workspaces.id, ALERT_COUNT_CAP, sql.placeholder("now")),
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, sql.placeholder("userId")))
    .orderBy(asc(workspaces.createdAt))
    .prepare("docket_frame_memberships");
}

/**
 * What every signed-in page's frame needs, in one round trip: the user's workspaces as `listMemberships` lists them,
 * each with its active alerts (as `countActiveAlerts` counts them, up to `ALERT_COUNT_CAP`) — the frame shows the count of the one in use.
 */
export async function listMembershipsWithActiveAlerts(db: Db, userId: string) {
  let query = frameQueries.get(db);
  if (!query) frameQueries.set(db, (query = prepareFrameQuery(db)));
  return query.execute({ userId, now: new Date().toISOString() });
}

export async function getRole(db: Db, q: { workspaceId: string; userId: string }): Promise<Role | null> {
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, q.workspaceId), eq(memberships.userId, q.userId)));
  return m?.role ?? null;
}

/** The names of those of `workspaceIds` the user is a member of. */
export async function workspaceNames(db: Db, q: { userId: string; workspaceIds: string[] }) {
  return db
    .select({ id: workspaces.id, name: workspaces.name })
    .from(workspaces)
    .innerJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, q.userId)))
    .where(inArray(workspaces.id, q.workspaceIds));
}

/** How `lockRole` holds the role it reads until the transaction ends (lib/action.ts, `lock`). */
export type RoleLock = "membership" | "workspace";

/**
 * The caller's role read inside a transaction and held until it ends: "membership" locks their membership row
 * `FOR SHARE` (a role change or removal of that row waits for the transaction, and one in flight is waited for and
 * then read as committed); "workspace" first takes the workspace row as membership changes do (`inMembershipLock`),
 * for transactions that go on to change members or the workspace row.
 */
export async function lockRole(tx: Db, q: { workspaceId: string; userId: string }, how: RoleLock): Promise<Role | null> {
  if (how === "workspace") await lockWorkspaceMemberships(tx, q.workspaceId);
  const [m] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, q.workspaceId), eq(memberships.userId, q.userId)))
    .for("share");
  return m?.role ?? null;
}

export async function createWorkspace(db: Db, q: { userId: string; name: string; isDemo?: boolean }) {
  const name = q.name.trim();
  if (!name) throw new UserError("Give the workspace a name.");
  return db.transaction(async (tx) => {
    const [ws] = await tx
      .insert(workspaces)
      .values({ name, createdBy: q.userId, isDemo: q.isDemo ?? false })
      .returning();
    await tx.insert(memberships).values({ workspaceId: ws.id, userId: q.userId, role: "owner" });
    await recordAudit(tx, {
      workspaceId: ws.id,
      actorId: q.userId,
      action: "workspace.created",
      entityType: "workspace",
      entityId: ws.id,
      after: { name },
    });
    return ws;
  });
}

/** First sign-in: a user with no workspace gets a personal one. Idempotent. */
export async function ensurePersonalWorkspace(db: Db, userId: string) {
  const existing = await listMemberships(db, userId);
  if (existing.length > 0) return existing[0].workspaceId;
  const [u] = await db.select().from(users).where(eq(users.id, userId));
  if (!u) throw new UserError("Unknown user.", "not_found");
  const label = u.name || u.email?.split("@")[0] || "My";
  const ws = await createWorkspace(db, { userId, name: `${label}'s workspace` });
  return ws.id;
}

export async function listMembers(db: Db, q: { workspaceId: string }) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      name: users.name,
      role: memberships.role,
      since: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, q.workspaceId))
    .orderBy(asc(memberships.createdAt));
}

async function ownerCount(db: Db, workspaceId: string) {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")));
  return r.n;
}

interface Actor {
  workspaceId: string;
  actorId: string;
  actorRole: Role;
}

/**
 * Membership changes of one workspace, one at a time: the workspace's row is locked first, so two owners stepping
 * down or leaving at the same moment cannot both pass the "at least one owner" check and leave none.
 */
async function inMembershipLock<T>(db: Db, workspaceId: string, run: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await lockWorkspaceMemberships(tx as unknown as Db, workspaceId);
    return run(tx as unknown as Db);
  });
}

// `FOR NO KEY UPDATE`, not `FOR UPDATE`: it excludes the other membership changes (and `lockRole`'s "workspace") but
// not the key-share lock every insert of a row that references the workspace takes. With `FOR UPDATE`, a demotion
// waiting for an action's locked membership row while that action waited to insert its audit event deadlocked.
async function lockWorkspaceMemberships(tx: Db, workspaceId: string) {
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("no key update");
}

export async function changeRole(db: Db, q: Actor & { userId: string; role: Role }) {
  await inMembershipLock(db, q.workspaceId, async (tx) => {
    const current = await getRole(tx, { workspaceId: q.workspaceId, userId: q.userId });
    if (!current) throw new UserError("That person is not a member of this workspace.", "not_found");
    if (current === q.role) return;
    if ((current === "owner" || q.role === "owner") && q.actorRole !== "owner") {
      throw new UserError("Only an owner can grant or take away the owner role.", "forbidden");
    }
    if (current === "owner" && (await ownerCount(tx, q.workspaceId)) <= 1) {
      throw new UserError("A workspace needs at least one owner: make someone else owner first.", "conflict");
    }
    await tx
      .update(memberships)
      .set({ role: q.role })
      .where(and(eq(memberships.workspaceId, q.workspaceId), eq(memberships.userId, q.userId)));
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "member.role_changed",
      entityType: "membership",
      entityId: q.userId,
      before: { role: current },
      after: { role: q.role },
    });
    await withdrawInvitationsSenderCannotSend(tx, { workspaceId: q.workspaceId, actorId: q.actorId, senderId: q.userId, senderRole: q.role });
  });
}

/** Remove a member, or leave (the actor is the member). */
export async function removeMember(db: Db, q: Actor & { userId: string }) {
  const leaving = q.actorId === q.userId;
  await inMembershipLock(db, q.workspaceId, async (tx) => {
    const current = await getRole(tx, { workspaceId: q.workspaceId, userId: q.userId });
    if (!current) throw new UserError(leaving ? "You are no longer a member of this workspace." : "That person is not a member of this workspace.", "not_found");
    if (current === "owner" && q.actorRole !== "owner") {
      throw new UserError("Only an owner can remove an owner.", "forbidden");
    }
    if (current === "owner" && (await ownerCount(tx, q.workspaceId)) <= 1) {
      throw new UserError(
        leaving
          ? "You are the last owner of this workspace: make someone else owner before you leave, or delete the workspace (Settings)."
          : "You cannot remove the last owner of a workspace.",
        "conflict",
      );
    }
    await tx
      .delete(memberships)
      .where(and(eq(memberships.workspaceId, q.workspaceId), eq(memberships.userId, q.userId)));
    await recordAudit(tx, {
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: leaving ? "member.left" : "member.removed",
      entityType: "membership",
      entityId: q.userId,
      before: { role: current },
    });
    await withdrawInvitationsSenderCannotSend(tx, { workspaceId: q.workspaceId, actorId: q.actorId, senderId: q.userId, senderRole: null });
  });
}

/**
 * A member removed, or demoted below what their open invitations need (`mayInvite`): those invitations are withdrawn,
 * each with an audit event, so a link sent by someone who could no longer send it stops working.
 */
async function withdrawInvitationsSenderCannotSend(tx: Db, q: { workspaceId: string; actorId: string; senderId: string; senderRole: Role | null }) {
  const open = await tx
    .select({ id: invitations.id, email: invitations.email, role: invitations.role })
    .from(invitations)
    .where(and(eq(invitations.workspaceId, q.workspaceId), eq(invitations.invitedBy, q.senderId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  const stale = open.filter((i) => !mayInvite(q.senderRole, i.role));
  if (!stale.length) return;
  await tx
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.workspaceId, q.workspaceId), inArray(invitations.id, stale.map((i) => i.id))));
  const reason = q.senderRole ? `Its sender is now ${q.senderRole} and can no longer send it.` : "Its sender is no longer a member.";
  await recordAudits(
    tx,
    stale.map((i) => ({
      workspaceId: q.workspaceId,
      actorId: q.actorId,
      action: "invitation.withdrawn",
      entityType: "invitation",
      entityId: i.id,
      before: { email: i.email, role: i.role },
      after: { reason },
    })),
  );
}

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createInvitation(db: Db, q: Actor & { email: string; role: Role; now?: Date }) {
  const email = q.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UserError(`"${q.email}" is not a valid email address.`);
  if (q.role === "owner" && q.actorRole !== "owner") throw new UserError("Only an owner can invite another owner.", "forbidden");
  const [member] = await db
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, q.workspaceId), eq(users.email, email)));
  if (member) throw new UserError(`${email} is already a member of this workspace.`, "conflict");
  const now = q.now ?? new Date();
  const [open] = await db
    .select({ role: invitations.role })
    .from(invitations)
    .where(and(eq(invitations.workspaceId, q.workspaceId), eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  if (open?.role === "owner" && q.actorRole !== "owner") {
    throw new UserError(`${email} has an open invitation for the owner role; only an owner can replace it.`, "forbidden");
  }
  // A new invitation to the same address replaces the open one (the old link stops working).
  await db
    .update(invitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(invitations.workspaceId, q.workspaceId),
        eq(invitations.email, email),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    );
  const token = randomBytes(24).toString("base64url");
  const [inv] = await db
    .insert(invitations)
    .values({
      workspaceId: q.workspaceId,
      email,
      role: q.role,
      tokenHash: hashToken(token),
      invitedBy: q.actorId,
      expiresAt: new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000),
    })
    .returning();
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "invitation.created",
    entityType: "invitation",
    entityId: inv.id,
    after: { email, role: q.role },
  });
  return { invitation: inv, token };
}

export async function listOpenInvitations(db: Db, q: { workspaceId: string }) {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      createdAt: invitations.createdAt,
    })
    .from(invitations)
    .where(
      and(eq(invitations.workspaceId, q.workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
    )
    .orderBy(asc(invitations.createdAt));
}

export async function revokeInvitation(db: Db, q: Actor & { invitationId: string }) {
  const [target] = await db
    .select({ role: invitations.role })
    .from(invitations)
    .where(and(eq(invitations.id, q.invitationId), eq(invitations.workspaceId, q.workspaceId)));
  if (target?.role === "owner" && q.actorRole !== "owner") {
    throw new UserError("Only an owner can withdraw an invitation for the owner role.", "forbidden");
  }
  const [inv] = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.id, q.invitationId),
        eq(invitations.workspaceId, q.workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning();
  if (!inv) throw new UserError("That invitation does not exist or was already used.", "not_found");
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "invitation.revoked",
    entityType: "invitation",
    entityId: inv.id,
    before: { email: inv.email, role: inv.role },
  });
}

const senders = alias(memberships, "sender");

/** The invitation of a link, its workspace's name, and whether its sender may (still) send it (`mayInvite`). */
export async function findInvitationByToken(db: Db, token: string) {
  const [row] = await db
    .select({ invitation: invitations, workspaceName: workspaces.name, senderRole: senders.role })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(senders, and(eq(senders.workspaceId, invitations.workspaceId), eq(senders.userId, invitations.invitedBy)))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) return null;
  return { invitation: { ...row.invitation, senderCanInvite: mayInvite(row.senderRole, row.invitation.role) }, workspaceName: row.workspaceName };
}

/**
 * Accept an invitation by its link. Everything it rests on is read again inside the accepting transaction, under the
 * workspace's membership lock (so no role change or removal interleaves): the invitation still open, its sender still
 * allowed to send it (`mayInvite`), and whether the person is already a member.
 */
export async function acceptInvitation(db: Db, q: { token: string; userId: string; now?: Date }) {
  const now = q.now ?? new Date();
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, q.userId));
  const first = await findInvitationByToken(db, q.token);
  const decide = async (tx: Db, found: Awaited<ReturnType<typeof findInvitationByToken>>) => {
    const isMember = found ? Boolean(await getRole(tx, { workspaceId: found.invitation.workspaceId, userId: q.userId })) : false;
    const status = invitationStatus(found?.invitation ?? null, { id: q.userId, email: u?.email ?? null, isMember }, now);
    if (status.status === "refused") {
      const code = { unknown: "not_found", wrong_account: "forbidden" } as const;
      throw new UserError(status.message, code[status.reason as keyof typeof code] ?? "conflict");
    }
    return status;
  };
  if (!first) await decide(db, null);
  const workspaceId = first!.invitation.workspaceId;
  let notice: string | undefined;
  await inMembershipLock(db, workspaceId, async (tx) => {
    const found = await findInvitationByToken(tx, q.token);
    const status = await decide(tx, found);
    if (status.status === "joined") return; // a second click by the person who accepted it: the same success
    const inv = found!.invitation;
    const [taken] = await tx
      .update(invitations)
      .set({ acceptedAt: now, acceptedBy: q.userId })
      .where(and(eq(invitations.id, inv.id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (!taken) throw new UserError("This invitation was withdrawn or used a moment ago. Ask for a new one.", "conflict");
    const current = await getRole(tx, { workspaceId, userId: q.userId });
    let role = inv.role;
    if (!current) {
      await tx.insert(memberships).values({ workspaceId, userId: q.userId, role: inv.role });
    } else {
      // already in (joined another way meanwhile): a higher role applies, an equal or lower one does not
      const outcome = acceptByMember(current, inv.role, found!.workspaceName);
      notice = outcome.notice;
      if (outcome.apply) {
        await tx.update(memberships).set({ role: inv.role }).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, q.userId)));
        await recordAudit(tx, {
          workspaceId,
          actorId: q.userId,
          action: "member.role_changed",
          entityType: "membership",
          entityId: q.userId,
          before: { role: current },
          after: { role: inv.role, source: "invitation" },
        });
      } else role = current;
    }
    await recordAudit(tx, {
      workspaceId,
      actorId: q.userId,
      action: "invitation.accepted",
      entityType: "membership",
      entityId: q.userId,
      after: role === inv.role ? { role, email: inv.email } : { role, email: inv.email, notApplied: inv.role },
    });
  });
  return notice ? { workspaceId, notice } : { workspaceId };
}

/**
 * Delete a workspace and every row of it, in one transaction: only an owner (read under the membership lock, so a
 * demotion in flight is waited for), and only when `confirmName` is its name as shown. Every table that carries
 * workspace_id references the workspace ON DELETE CASCADE, so deleting its row deletes the rest (its audit log too:
 * the caller logs the deletion). Its files are the caller's to remove, after the commit.
 */
export async function deleteWorkspaceRows(db: Db, q: { workspaceId: string; actorId: string; confirmName: string }) {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const role = await lockRole(tx, { workspaceId: q.workspaceId, userId: q.actorId }, "workspace");
    if (!role) throw new UserError("You are not a member of this workspace (any more).", "forbidden");
    if (role !== "owner") throw new UserError(`Your role (${role}) cannot do this; it needs owner. Ask an owner of this workspace.`, "forbidden");
    const [ws] = await tx.select({ name: workspaces.name, isDemo: workspaces.isDemo }).from(workspaces).where(eq(workspaces.id, q.workspaceId));
    if (!ws) throw new UserError("Workspace not found.", "not_found");
    if (q.confirmName.trim() !== ws.name) throw new UserError(`Type the workspace's name, "${ws.name}", exactly as shown to delete it.`);
    // every member's row first: this waits for the actions in flight (each holds its caller's row `FOR SHARE`) and
    // refuses those that start meanwhile. Deleting the workspace row while one still ran would deadlock with its next
    // insert (which key-shares that row) as the cascade waited for its membership row.
    const locked = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.workspaceId, q.workspaceId)).for("update");
    const members = locked.length;
    await tx.delete(workspaces).where(eq(workspaces.id, q.workspaceId));
    // the embedded runner's tables hold no foreign key to the workspace: its runs and events go explicitly
    const jobs = await deleteWorkspaceRuns(tx, q.workspaceId);
    return { name: ws.name, isDemo: ws.isDemo, members, jobs };
  });
}

export async function renameWorkspace(db: Db, q: Actor & { name: string }) {
  const name = q.name.trim();
  if (!name) throw new UserError("Give the workspace a name.");
  const [before] = await db.select().from(workspaces).where(eq(workspaces.id, q.workspaceId));
  if (!before) throw new UserError("Workspace not found.", "not_found");
  await db.update(workspaces).set({ name }).where(eq(workspaces.id, q.workspaceId));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "workspace.renamed",
    entityType: "workspace",
    entityId: q.workspaceId,
    before: { name: before.name },
    after: { name },
  });
}

/** An admin's choice of which invoice fields are required and how sure Docket must be (lib/workspace-settings). */
export async function saveInvoiceSettings(db: Db, q: Actor & { requiredFields: string[]; reviewThreshold: number }) {
  const [before] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, q.workspaceId));
  if (!before) throw new UserError("Workspace not found.", "not_found");
  const invoices = { requiredFields: q.requiredFields, reviewThreshold: q.reviewThreshold };
  await db
    .update(workspaces)
    .set({ settings: { ...before.settings, invoices } })
    .where(eq(workspaces.id, q.workspaceId));
  await recordAudit(db, {
    workspaceId: q.workspaceId,
    actorId: q.actorId,
    action: "workspace.invoice_settings_changed",
    entityType: "workspace",
    entityId: q.workspaceId,
    before: { requiredFields: before.settings.invoices?.requiredFields ?? null, reviewThreshold: before.settings.invoices?.reviewThreshold ?? null },
    after: invoices,
  });
}
