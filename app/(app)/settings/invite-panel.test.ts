import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { InvitePanel } from "./members-panel";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined, push: () => undefined }) }));

const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");

describe("the open invitations list", () => {
  it("says which links have expired and what to do, instead of 'expires' with a past date", () => {
    const html = renderToStaticMarkup(
      createElement(InvitePanel, {
        canInvite: true,
        myRole: "owner",
        invitations: [
          { id: "i1", email: "late@example.test", role: "member", expiresAt: "2026-11-30T09:00:00.000Z", expired: true },
          { id: "i2", email: "soon@example.test", role: "viewer", expiresAt: "2026-12-14T09:00:00.000Z", expired: false },
        ],
      }),
    );
    expect(text(html)).toContain("late@example.test as member, expired 2026-11-30: invite again for a new link");
    expect(text(html)).toContain("soon@example.test as viewer, expires 2026-12-14");
    expect(text(html)).not.toContain("late@example.test as member, expires");
  });

  it("an admin is offered Revoke on invitations they may withdraw, not on one for the owner role", () => {
    const invitations = [
      { id: "i1", email: "co-owner@example.test", role: "owner", expiresAt: "2026-12-14T09:00:00.000Z", expired: false },
      { id: "i2", email: "helper@example.test", role: "member", expiresAt: "2026-12-14T09:00:00.000Z", expired: false },
    ];
    const revokable = (myRole: string) =>
      [...renderToStaticMarkup(createElement(InvitePanel, { canInvite: true, myRole, invitations })).matchAll(/aria-label="Revoke the invitation of ([^"]+)"/g)].map((m) => m[1]);
    expect(revokable("admin")).toEqual(["helper@example.test"]);
    expect(revokable("owner")).toEqual(["co-owner@example.test", "helper@example.test"]);
    expect(text(renderToStaticMarkup(createElement(InvitePanel, { canInvite: true, myRole: "admin", invitations })))).toContain("an owner can revoke it");
  });
});
