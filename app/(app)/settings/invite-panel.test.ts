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
});
