import Link from "next/link";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { Badge } from "@/components/ui/badge";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listRuns } from "@/db/queries/runner";
import { hasRole } from "@/db/queries/workspaces";
import type { RunStatus } from "@/db/schema/runner";
import { requirePageContext } from "@/lib/auth/session";
import { RunButtons } from "./run-buttons";

export const metadata = { title: "Background jobs" };

const tone: Record<string, "gray" | "blue" | "green" | "amber" | "red"> = {
  queued: "gray",
  running: "blue",
  sleeping: "amber",
  waiting: "amber",
  completed: "green",
  failed: "red",
  cancelled: "gray",
};
const STATUSES = ["queued", "running", "sleeping", "waiting", "completed", "failed", "cancelled"];

function when(d: Date | null) {
  return d ? d.toISOString().replace("T", " ").slice(0, 19) : "—";
}

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
      {runs.length === 0 ? (
        <EmptyState title="No background runs yet.">Uploading documents or starting an import or campaign creates runs here.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <thead className="bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th className="px-3 py-2">Function</th>
                <th className="px-3 py-2">Trigger</th>
                <th className="px-3 py-2">State</th>
                <th className="px-3 py-2">Started (UTC)</th>
                <th className="px-3 py-2">Ended</th>
                <th className="px-3 py-2">Failures</th>
                <th className="px-3 py-2 sr-only">Actions</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {runs.map((r) => (
                <tr key={r.id} className="align-top">
                  <td className="px-3 py-2">
                    <Link className="font-medium text-brand-700 hover:underline" href={`/activity/jobs/${r.id}`}>
                      {r.functionId.replace(/^docket-/, "")}
                    </Link>
                    {r.error && <p className="max-w-md text-xs text-red-700">{r.error}</p>}
                  </td>
                  <td className="px-3 py-2 text-slate-600">{r.trigger}</td>
                  <td className="px-3 py-2">
                    <Badge tone={tone[r.status] ?? "gray"}>{r.status}</Badge>
                  </td>
                  <td className="px-3 py-2 text-slate-600">{when(r.startedAt ?? r.createdAt)}</td>
                  <td className="px-3 py-2 text-slate-600">{when(r.endedAt)}</td>
                  <td className="px-3 py-2 text-slate-600">{r.failures}</td>
                  <td className="px-3 py-2 text-right">{hasRole(ctx.role, "member") && <RunButtons runId={r.id} status={r.status} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore && (
        <Link className="mt-3 inline-block text-sm text-brand-600 hover:underline" href={`/activity/jobs?${new URLSearchParams({ ...(status ? { status } : {}), before: nextBefore })}`}>
          Older runs →
        </Link>
      )}
    </>
  );
}
