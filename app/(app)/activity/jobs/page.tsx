import { Link } from "@/components/ui/link";
import { StaticTable } from "@/components/data-table/static-table";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listRuns } from "@/db/queries/runner";
import { hasRole } from "@/db/queries/workspaces";
import type { RunStatus } from "@/db/schema/runner";
import { requirePageContext } from "@/lib/auth/session";
import { runColumns } from "./columns";

export const metadata = { title: "Background jobs" };

const STATUSES = ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"];

export default async function JobsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const sp = await searchParams;
  const status = STATUSES.includes(sp.status ?? "") ? (sp.status as RunStatus) : undefined;
  const { runs, nextBefore } = await listRuns(await getDb(), {
    workspaceId: ctx.workspaceId,
    includeSystem: hasRole(ctx.role, "admin"),
    status,
    before: sp.before,
    limit: 50,
  });
  const inFlight = runs.some((r) => ["queued", "running", "sleeping", "waiting"].includes(r.status));
  return (
    <>
      <PageHeader
        title="Background jobs"
        description="Every background run for this workspace: what triggered it, its state, attempts and steps. Failed runs can be retried from the failed step; running ones cancelled."
        actions={<LiveProgress kinds={["run"]} active={inFlight} since={renderedAt} />}
      />
      <form className="mb-4 flex gap-2 text-sm" method="get">
        <select name="status" defaultValue={status ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5" aria-label="Status">
          <option value="">All states</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        <button className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white">Filter</button>
      </form>
      <StaticTable
        columns={runColumns({ canAct: hasRole(ctx.role, "member") })}
        data={runs}
        getRowId={(r) => r.id}
        alignTop
        empty={{ title: "No background runs yet.", children: "Uploading documents or starting an import or campaign creates runs here." }}
      />
      {nextBefore && (
        <Link className="mt-3 inline-block text-sm text-brand-600 hover:underline" href={`/activity/jobs?${new URLSearchParams({ ...(status ? { status } : {}), before: nextBefore })}`}>
          Older runs →
        </Link>
      )}
    </>
  );
}
