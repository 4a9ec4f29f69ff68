import { describe, expect, it } from "vitest";
import { acceptByMember, invitationStatus, mayInvite, SENDER_CANNOT_INVITE } from "./invitations";

const now = new Date("2026-12-07T10:00:00Z");
const open = { email: "bea@example.com", revokedAt: null, acceptedAt: null, acceptedBy: null, expiresAt: new Date("2026-12-10T00:00:00Z"), senderCanInvite: true };
const bea = { id: "u-bea", email: "Bea@Example.com", isMember: false };

describe("what an invitation link means for the person who opened it", () => {
  it("open for the invited address, whatever its case", () => {
    expect(invitationStatus(open, bea, now)).toEqual({ status: "open" });
  });

  it("another account is told which address it was sent to and which one they are signed in with", () => {
    expect(invitationStatus(open, { id: "u-tom", email: "tom@example.com", isMember: false }, now)).toEqual({
      status: "refused",
      reason: "wrong_account",
      message: "This invitation was sent to bea@example.com, but you are signed in as tom@example.com. Sign in with the invited address.",
    });
  });

  it("a second visit by the person who accepted it: joined while they are in, refused once they were removed", () => {
    const used = { ...open, acceptedAt: new Date("2026-12-08T00:00:00Z"), acceptedBy: "u-bea" };
    expect(invitationStatus(used, { ...bea, isMember: true }, now)).toEqual({ status: "joined" });
    expect(invitationStatus(used, bea, now)).toMatchObject({ status: "refused", reason: "left" });
    expect(invitationStatus(used, { id: "u-tom", email: "bea@example.com", isMember: false }, now)).toMatchObject({ reason: "used", message: "This invitation was already used." });
  });

  it("withdrawn, expired and unknown links, withdrawn first (a replaced link says withdrawn even when also expired)", () => {
    const expired = { ...open, expiresAt: new Date("2026-12-01T00:00:00Z") };
    expect(invitationStatus(expired, bea, now)).toMatchObject({ reason: "expired", message: "This invitation has expired. Ask for a new one." });
    expect(invitationStatus({ ...expired, revokedAt: now }, bea, now)).toMatchObject({ reason: "withdrawn" });
    expect(invitationStatus(null, bea, now)).toMatchObject({ reason: "unknown", message: "This invitation link is not valid. Ask for a new one." });
  });

  it("a link whose sender can no longer invite (removed, demoted) says so, withdrawn or still open", () => {
    const gone = { ...open, senderCanInvite: false };
    expect(invitationStatus(gone, bea, now)).toEqual({ status: "refused", reason: "sender_cannot_invite", message: SENDER_CANNOT_INVITE });
    expect(invitationStatus({ ...gone, revokedAt: now }, bea, now)).toMatchObject({ reason: "sender_cannot_invite" });
    // accepted before the sender lost the right: still the accepter's
    const used = { ...gone, acceptedAt: new Date("2026-12-08T00:00:00Z"), acceptedBy: "u-bea" };
    expect(invitationStatus(used, { ...bea, isMember: true }, now)).toEqual({ status: "joined" });
  });

  it("who may invite to which role: admins and owners; the owner role only by an owner", () => {
    expect([null, "viewer", "member", "admin", "owner"].map((r) => mayInvite(r as never, "member"))).toEqual([false, false, false, true, true]);
    expect([null, "viewer", "member", "admin", "owner"].map((r) => mayInvite(r as never, "owner"))).toEqual([false, false, false, false, true]);
  });

  it("accepted by someone already in: a higher role applies, an equal or lower one does not, and either is said", () => {
    expect(acceptByMember("viewer", "admin", "Acme")).toEqual({
      apply: true,
      preview: "You are already a viewer of Acme. Accepting this invitation makes you an admin.",
      notice: "You are now an admin of Acme (you were a viewer).",
    });
    expect(acceptByMember("admin", "member", "Acme")).toMatchObject({ apply: false, notice: "You are already an admin of Acme; this invitation's member role was not applied." });
    expect(acceptByMember("member", "member", "Acme")).toMatchObject({ apply: false });
    expect(acceptByMember("owner", "owner", "Acme").apply).toBe(false);
  });
});
