import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { StaticTable } from "@/components/data-table/static-table";
import { memberColumns, memberRowAttributes } from "./columns";
import type { MemberRow } from "./roles";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: () => undefined, push: () => undefined }) }));

const members: MemberRow[] = [
  { userId: "u-owner", email: "olivia@example.test", name: "Olivia", role: "owner", since: "2026-01-01T00:00:00Z" },
  { userId: "u-admin", email: "adam@example.test", name: "Adam", role: "admin", since: "2026-01-02T00:00:00Z" },
  { userId: "u-member", email: "mia@example.test", name: "Mia", role: "member", since: "2026-01-03T00:00:00Z" },
];

/** Each member's row as `me` (with `myRole`) sees it: its role select's options (or none) and its buttons. */
function rowsAs(me: string, myRole: string) {
  const html = renderToStaticMarkup(
    createElement(StaticTable<MemberRow>, {
      columns: memberColumns({ me, myRole, canManage: myRole === "owner" || myRole === "admin" }),
      data: members,
      getRowId: (m) => m.userId,
      rowAttributes: memberRowAttributes,
    }),
  );
  const rows: Record<string, { select: boolean; buttons: string[] }> = {};
  for (const m of members) {
    const row = new RegExp(`<tr[^>]*data-testid="member-${m.email}"[^>]*>(.*?)</tr>`).exec(html)![1];
    rows[m.role] = { select: row.includes("<select"), buttons: [...row.matchAll(/<button[^>]*>([^<]*)<\/button>/g)].map((b) => b[1]) };
  }
  return rows;
}

describe("the members table", () => {
  it("an admin is not offered to change or remove an owner (the server refuses it: only an owner can)", () => {
    const rows = rowsAs("u-admin", "admin");
    expect(rows.owner).toEqual({ select: false, buttons: [] });
    expect(rows.member).toEqual({ select: true, buttons: ["Remove"] });
    expect(rows.admin).toEqual({ select: true, buttons: ["Leave"] });
  });

  it("an owner manages everyone, owners included", () => {
    const rows = rowsAs("u-owner", "owner");
    expect(rows.admin).toEqual({ select: true, buttons: ["Remove"] });
    expect(rows.owner).toEqual({ select: true, buttons: ["Leave"] });
  });

  it("a member sees roles as text and can only leave", () => {
    const rows = rowsAs("u-member", "member");
    expect(rows.owner).toEqual({ select: false, buttons: [] });
    expect(rows.admin).toEqual({ select: false, buttons: [] });
    expect(rows.member).toEqual({ select: false, buttons: ["Leave"] });
  });
});
