/** db/schema's roles, least first (lib reads no db: the same four names). */
type Role = "viewer" | "member" | "admin" | "owner";

const rank: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/**
 * Whether someone in `senderRole` (null: not a member) may invite to `role`: admins and owners invite, and only an
 * owner grants the owner role. The same rule when an invitation is sent, when its sender is removed or demoted (their
 * open invitations they could no longer send are withdrawn) and when it is accepted (checked again then).
 */
export function mayInvite(senderRole: Role | null, role: Role): boolean {
  if (!senderRole || rank[senderRole] < rank.admin) return false;
  return role !== "owner" || senderRole === "owner";
}

/** The invitation fields the rule reads (db/schema's Invitation has them), and whether its sender may still send it. */
interface InvitationFacts {
  email: string;
  /** `mayInvite(the sender's role now, the invitation's role)`. */
  senderCanInvite: boolean;
  revokedAt: Date | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  expiresAt: Date;
}

/**
 * What an invitation link means for the person who opened it, in one place for the invite page (what it shows) and
 * for accepting (what it refuses): `open` — they may accept; `joined` — they accepted it before and are still in (a
 * second click lands them in the workspace); `refused` — why not, in words they can act on.
 */
export type InvitationStatus =
  | { status: "open" }
  | { status: "joined" }
  | { status: "refused"; reason: "unknown" | "withdrawn" | "sender_cannot_invite" | "used" | "left" | "expired" | "wrong_account"; message: string };

export const SENDER_CANNOT_INVITE =
  "This invitation was withdrawn: the person who sent it can no longer invite people to this workspace. Ask a workspace admin for a new invitation.";

export function invitationStatus(
  inv: InvitationFacts | null,
  person: { id: string; email: string | null; isMember: boolean },
  now: Date,
): InvitationStatus {
  const refuse = (reason: Extract<InvitationStatus, { status: "refused" }>["reason"], message: string): InvitationStatus => ({ status: "refused", reason, message });
  if (!inv) return refuse("unknown", "This invitation link is not valid. Ask for a new one.");
  const senderGone = () => refuse("sender_cannot_invite", SENDER_CANNOT_INVITE);
  // withdrawn when its sender was removed or demoted (or any other way): say why when that is the likely reason
  if (inv.revokedAt) return inv.senderCanInvite || inv.acceptedAt ? refuse("withdrawn", "This invitation was withdrawn. Ask for a new one.") : senderGone();
  if (inv.acceptedAt) {
    if (inv.acceptedBy !== person.id) return refuse("used", "This invitation was already used.");
    if (person.isMember) return { status: "joined" };
    return refuse("left", "This invitation was already used, and you are no longer a member of that workspace. Ask for a new invitation.");
  }
  if (!inv.senderCanInvite) return senderGone();
  if (inv.expiresAt < now) return refuse("expired", "This invitation has expired. Ask for a new one.");
  if (!person.email || person.email.toLowerCase() !== inv.email) {
    return refuse(
      "wrong_account",
      `This invitation was sent to ${inv.email}, but you are signed in as ${person.email ?? "another account"}. Sign in with the invited address.`,
    );
  }
  return { status: "open" };
}

const withArticle = (role: Role) => `${role === "admin" || role === "owner" ? "an" : "a"} ${role}`;

/**
 * An invitation accepted by someone who is already a member (they joined another way meanwhile): a higher role than
 * theirs is applied, an equal or lower one is not — never silently. `preview` is what the invite page says before the
 * click, `notice` what accepting answers.
 */
export function acceptByMember(current: Role, invited: Role, workspaceName: string) {
  if (rank[invited] > rank[current]) {
    return {
      apply: true,
      preview: `You are already ${withArticle(current)} of ${workspaceName}. Accepting this invitation makes you ${withArticle(invited)}.`,
      notice: `You are now ${withArticle(invited)} of ${workspaceName} (you were ${withArticle(current)}).`,
    };
  }
  return {
    apply: false,
    preview: `You are already ${withArticle(current)} of ${workspaceName}. This invitation is for the ${invited} role: accepting it will not change your role.`,
    notice: `You are already ${withArticle(current)} of ${workspaceName}; this invitation's ${invited} role was not applied.`,
  };
}
