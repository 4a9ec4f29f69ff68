import type { Column } from "@/components/data-table/static-table";
import { MemberActions, MemberRoleSelect } from "./members-panel";
import type { MemberRow } from "./roles";

/**
 * Workspace members, rendered on the server; only the role select and the leave/remove buttons are client
 * components. `canManage` (admin or above) edits roles and removes people — an owner's only when you are an owner
 * too, as the server allows (an admin was offered both and then refused); everyone can leave.
 */
export function memberColumns(o: { me: string; myRole: string; canManage: boolean }): Column<MemberRow>[] {
  const manages = (m: MemberRow) => o.canManage && (m.role !== "owner" || o.myRole === "owner");
  return [
    {
      id: "person",
      header: "Person",
      cell: ({ row: { original: m } }) => (
        <>
          <span className="font-medium">{m.name}</span> <span className="text-slate-500">{m.email}</span>
          {m.userId === o.me && <span className="ml-1 text-xs text-slate-500">(you)</span>}
        </>
      ),
    },
    { id: "role", header: "Role", cell: ({ row: { original: m } }) => (manages(m) ? <MemberRoleSelect member={m} myRole={o.myRole} /> : m.role) },
    { id: "since", header: "Member since", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.since.slice(0, 10) },
    {
      id: "actions",
      header: "Actions",
      meta: { className: "text-right", headerClassName: "sr-only" },
      cell: ({ row: { original: m } }) => (m.userId === o.me || manages(m)) && <MemberActions member={m} isMe={m.userId === o.me} />,
    },
  ];
}

export const memberRowAttributes = (m: MemberRow) => ({ "data-testid": `member-${m.email}`, "data-user-id": m.userId });
