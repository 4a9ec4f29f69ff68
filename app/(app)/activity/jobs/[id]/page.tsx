import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { LiveProgress } from "@/components/live-progress/live-progress";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getRun } from "@/db/queries/runner";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { RunButtons } from "../run-buttons";

export const metadata = { title: "Background run" };

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const { id } = await params;
  const run = await getRun(await getDb(), { workspaceId: ctx.workspaceId, runId: id, includeSystem: hasRole(ctx.role, "admin") });
  if (!run) notFound();
  const inFlight = ["queued", "running", "sleeping", "waiting"].includes(run.status);
  const t0 = run.steps.find((s) => s.startedAt)?.startedAt?.getTime() ?? run.createdAt.getTime();
  const t1 = Math.max(t0 + 1, ...run.steps.map((s) => (s.endedAt ?? s.startedAt)?.getTime() ?? t0));
  return (
    <>
      <PageHeader
        title={run.functionId.replace(/^docket-/, "")}
        description={`Triggered by ${run.trigger} · created ${run.createdAt.toISOString().replace("T", " ").slice(0, 19)} UTC`}
        actions={
          <>
            <LiveProgress kinds={["run"]} ids={[run.id]} active={inFlight} since={renderedAt} />
            {hasRole(ctx.role, "member") && <RunButtons runId={run.id} status={run.status} />}
          </>
        }
      />
      <div className="mb-4 flex flex-wrap gap-3 text-sm">
        <Badge tone={run.status === "failed" ? "red" : run.status === "completed" ? "green" : "blue"}>{run.status}</Badge>
        <span className="text-slate-600">failures: {run.failures}</span>
        {run.nextDueAt && inFlight && <span className="text-slate-600">next: {run.nextDueAt.toISOString().replace("T", " ").slice(0, 19)} UTC</span>}
      </div>
      {run.error && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {run.error}
        </p>
      )}
      <Card title={`Steps (${run.steps.length})`}>
        {run.steps.length === 0 ? (
          <p className="text-sm text-slate-600">No steps have run yet.</p>
        ) : (
          <ol className="space-y-2 text-sm">
            {run.steps.map((s) => {
              const start = s.startedAt?.getTime() ?? t0;
              const left = ((start - t0) / (t1 - t0)) * 100;
              const width = Math.max(1, (((s.endedAt?.getTime() ?? start) - start) / (t1 - t0)) * 100);
              return (
                <li key={s.id}>
                  <div className="flex justify-between gap-3">
                    <span className="font-medium">
                      {s.name} <span className="text-xs font-normal text-slate-500">({s.op})</span>
                    </span>
                    <span className="text-slate-600">
                      {s.status} · {s.durationMs != null ? `${s.durationMs} ms` : "—"} · attempts {s.attempts}
                    </span>
                  </div>
                  <div className="relative mt-1 h-1.5 rounded bg-slate-100">
                    <div className={`absolute h-1.5 rounded ${s.error ? "bg-red-500" : "bg-brand-500"}`} style={{ left: `${left}%`, width: `${Math.min(width, 100 - left)}%` }} />
                  </div>
                  {s.error && <p className="mt-0.5 text-xs text-red-700">{s.error}</p>}
                </li>
              );
            })}
          </ol>
        )}
      </Card>
      <Link href="/activity/jobs" className="mt-4 inline-block text-sm text-brand-600 hover:underline">
        ← All runs
      </Link>
    </>
  );
}
