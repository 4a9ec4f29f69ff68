import type { Column } from "@/components/data-table/static-table";
import { Link } from "@/components/ui/link";
import { AuditEntry } from "@/components/audit/audit-entry";
import type { listAudit } from "@/db/queries/audit";
import { entityHref, entityLabel } from "@/lib/audit/describe";

export type AuditRow = Awaited<ReturnType<typeof listAudit>>["rows"][number];

/** What the log shows of an event: the rows are props of a client component, sent to the browser in the page. */
export type AuditListRow = Pick<AuditRow, "id" | "action" | "entityType" | "entityId" | "actorType" | "actorEmail" | "before" | "after" | "at">;

export const toAuditListRow = (r: AuditRow): AuditListRow => ({
  id: r.id,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  actorType: r.actorType,
  actorEmail: r.actorEmail,
  before: r.before,
  after: r.after,
  at: r.at,
});

/** The audit log. `showRaw`: admins also see the raw before/after values. */
export function auditColumns({ showRaw }: { showRaw: boolean }): Column<AuditListRow>[] {
  return [
    { id: "at", header: "When (UTC)", meta: { headerClassName: "w-40", className: "text-slate-600" }, cell: ({ row }) => row.original.at.toISOString().replace("T", " ").slice(0, 16) },
    {
      id: "actor",
      header: "Who",
      meta: { headerClassName: "w-48", className: "truncate" },
      cell: ({ row: { original: r } }) => <span title={r.actorEmail ?? undefined}>{r.actorType === "system" ? <em>Docket</em> : (r.actorEmail ?? "deleted user")}</span>,
    },
    {
      id: "about",
      header: "About",
      meta: { headerClassName: "w-40", className: "text-slate-600" },
      cell: ({ row: { original: r } }) => {
        const href = entityHref(r.entityType, r.entityId);
        return href ? (
          <Link href={href} className="text-brand-600 hover:underline">
            {entityLabel(r.entityType)}
          </Link>
        ) : (
          entityLabel(r.entityType)
        );
      },
    },
    { id: "change", header: "What changed", cell: ({ row: { original: r } }) => <AuditEntry action={r.action} before={r.before} after={r.after} showRaw={showRaw} /> },
  ];
}

export const auditRowAttributes = () => ({ "data-testid": "audit-row" });
