import type { ColumnDef } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";

export interface MemberRow {
  userId: string;
  email: string | null;
  name: string | null;
  role: string;
  since: string;
}

export const ROLES = ["viewer", "member", "admin", "owner"] as const;

/**
 * Workspace members. Rendered by the client members panel: `canManage` (admin or above) edits roles and removes
 * people; everyone can leave. The handlers confirm with the person before they run.
 */
export function memberColumns(o: {
  me: string;
  myRole: string;
  canManage: boolean;
  pending: boolean;
  changeRole: (m: MemberRow, role: string) => void;
  leave: () => void;
  remove: (m: MemberRow) => void;
}): ColumnDef<MemberRow>[] {
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
    {
      id: "role",
      header: "Role",
      cell: ({ row: { original: m } }) =>
        o.canManage ? (
          <Select aria-label={`Role of ${m.email}`} value={m.role} disabled={o.pending} className="w-32" onChange={(e) => o.changeRole(m, e.target.value)}>
            {ROLES.filter((r) => o.myRole === "owner" || r !== "owner" || m.role === "owner").map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        ) : (
          m.role
        ),
    },
    { id: "since", header: "Member since", meta: { className: "text-slate-600" }, cell: ({ row }) => row.original.since.slice(0, 10) },
    {
      id: "actions",
      header: "Actions",
      meta: { className: "text-right", headerClassName: "sr-only" },
      cell: ({ row: { original: m } }) =>
        m.userId === o.me ? (
          <Button variant="ghost" size="sm" disabled={o.pending} onClick={o.leave}>
            Leave
          </Button>
        ) : (
          o.canManage && (
            <Button variant="ghost" size="sm" disabled={o.pending} aria-label={`Remove ${m.email}`} onClick={() => o.remove(m)}>
              Remove
            </Button>
          )
        ),
    },
  ];
}
