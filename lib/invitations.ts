/** The invitation fields the rule reads (db/schema's Invitation has them). */
interface InvitationFacts {
  email: string;
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
  | { status: "refused"; reason: "unknown" | "withdrawn" | "used" | "left" | "expired" | "wrong_account"; message: string };

export function invitationStatus(
  inv: InvitationFacts | null,
  person: { id: string; email: string | null; isMember: boolean },
  now: Date,
): InvitationStatus {
  const refuse = (reason: Extract<InvitationStatus, { status: "refused" }>["reason"], message: string): InvitationStatus => ({ status: "refused", reason, message });
  if (!inv) return refuse("unknown", "This invitation link is not valid. Ask for a new one.");
  if (inv.revokedAt) return refuse("withdrawn", "This invitation was withdrawn. Ask for a new one.");
  if (inv.acceptedAt) {
    if (inv.acceptedBy !== person.id) return refuse("used", "This invitation was already used.");
    if (person.isMember) return { status: "joined" };
    return refuse("left", "This invitation was already used, and you are no longer a member of that workspace. Ask for a new invitation.");
  }
  if (inv.expiresAt < now) return refuse("expired", "This invitation has expired. Ask for a new one.");
  if (!person.email || person.email.toLowerCase() !== inv.email) {
    return refuse(
      "wrong_account",
      `This invitation was sent to ${inv.email}, but you are signed in as ${person.email ?? "another account"}. Sign in with the invited address.`,
    );
  }
  return { status: "open" };
}
