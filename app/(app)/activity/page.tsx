import { Link } from "@/components/ui/link";
import { PageHeader } from "@/components/ui/card";
import { FilterForm, FilterInput, FilterSelect } from "@/components/ui/filter-form";
import { getDb } from "@/db";
import { auditEntityTypes, listAudit } from "@/db/queries/audit";
import { entityLabel } from "@/lib/audit/describe";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { ActivityTable } from "./activity-table";
import { toAuditListRow } from "./columns";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "Activity" };

const PAGE = 50;

function parseDate(s: string | undefined, endOfDay = false) {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return undefined;
  return new Date(`${s}T${endOfDay ? "23:59:59.999" : "00:00:00"}Z`);
}

export default async function ActivityPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext();
  const sp = await searchParams;
  const db = await getDb();
  const page = Math.max(0, Number(sp.page ?? 0) || 0);
  const actorType = sp.actor === "user" || sp.actor === "system" ? sp.actor : undefined;
  const [{ rows, hasMore }, types] = await Promise.all([
    listAudit(db, {
      workspaceId: ctx.workspaceId,
      entityType: sp.entity || undefined,
      actorType,
      q: sp.q || undefined,
      from: parseDate(sp.from),
      to: parseDate(sp.to, true),
      limit: PAGE,
      offset: page * PAGE,
    }),
    auditEntityTypes(db, ctx.workspaceId),
  ]);
  const admin = hasRole(ctx.role, "admin");
  const qs = (p: number) => {
    const u = new URLSearchParams(Object.entries(sp).filter(([, v]) => v) as [string, string][]);
    u.set("page", String(p));
    return `/activity?${u}`;
  };
  return (
    <>
      <PageHeader
        title="Activity"
        description="Every human change and every machine decision in this workspace: who, what changed (before → after), when."
        actions={
          <LinkButton href="/activity/jobs">
            Background jobs
          </LinkButton>
        }
      />
      <FilterForm submitLabel="Filter" clearHref="/activity">
        <FilterInput label="Search" name="q" defaultValue={sp.q} placeholder="e.g. approved, INV-1042" />
        <FilterSelect label="Entity" name="entity" defaultValue={sp.entity ?? ""}>
          <option value="">All</option>
          {types.map((t) => (
            <option key={t} value={t}>
              {entityLabel(t)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="Actor" name="actor" defaultValue={actorType ?? ""}>
          <option value="">People and Docket</option>
          <option value="user">People</option>
          <option value="system">Docket (machine)</option>
        </FilterSelect>
        <FilterInput label="From" type="date" name="from" defaultValue={sp.from} />
        <FilterInput label="To" type="date" name="to" defaultValue={sp.to} />
      </FilterForm>
      <ActivityTable rows={rows.map(toAuditListRow)} showRaw={admin} />
      {rows.length > 0 && (
        <div className="mt-3 flex justify-between text-sm">
          {page > 0 ? <Link href={qs(page - 1)} className="text-brand-600 hover:underline">← Newer</Link> : <span />}
          {hasMore && <Link href={qs(page + 1)} className="text-brand-600 hover:underline">Older →</Link>}
        </div>
      )}
    </>
  );
}
