import { Link } from "@/components/ui/link";
import { DailyBarChart } from "@/components/charts/daily-bar-chart";
import { actionPhrase } from "@/lib/audit/describe";
import { Donut, GroupedBars, HorizontalBars } from "@/components/charts/simple-charts";
import { Card, PageHeader } from "@/components/ui/card";
import { CampaignSendsCard } from "./campaigns/sends-card";
import { InsuranceDashboardCard } from "./insurance/dashboard-card";
import { getDb } from "@/db";
import { auditPerDay, listAudit } from "@/db/queries/audit";
import { dashboardCounts } from "@/db/queries/documents";
import { invoiceCharts } from "@/db/queries/invoices/dashboard";
import { listMembers } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { fillDays } from "@/lib/dates";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const ctx = await requirePageContext();
  const db = await getDb();
  const now = new Date();
  const since = new Date(now.getTime() - 29 * 86_400_000);
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  const [counts, members, activity, recent, inv] = await Promise.all([
    dashboardCounts(db, { workspaceId: ctx.workspaceId, since }),
    listMembers(db, { workspaceId: ctx.workspaceId }),
    auditPerDay(db, { workspaceId: ctx.workspaceId, since }),
    listAudit(db, { workspaceId: ctx.workspaceId, limit: 8 }),
    invoiceCharts(db, { workspaceId: ctx.workspaceId, since: yearAgo }),
  ]);
  const invoiceTotal = inv.statusShare.reduce((s, x) => s + x.n, 0);
  const needReview = inv.statusShare.find((s) => s.status === "needs_review")?.n ?? 0;
  const currencies = [...new Set(inv.byMonth.map((m) => m.currency ?? "?"))];
  const months = [...new Set(inv.byMonth.map((m) => m.month))].map((x) => ({
    x,
    ...Object.fromEntries(inv.byMonth.filter((m) => m.month === x).map((m) => [m.currency ?? "?", Number(m.total)])),
  }));
  const stats = [
    { label: "Documents", value: counts.totals.documents },
    { label: "Invoices", value: invoiceTotal },
    { label: "Need review", value: needReview },
    { label: "Failed", value: counts.totals.failed },
    { label: "Members", value: members.length },
  ];
  return (
    <>
      <PageHeader title="Dashboard" description={`What is happening in ${ctx.workspaceName}.`} />
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        {stats.map((s) => (
          <div key={s.label} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{s.label}</p>
            <p className="mt-1 text-2xl font-semibold" data-testid={`stat-${s.label.toLowerCase().replace(/\s+/g, "-")}`}>
              {s.value.toLocaleString("en")}
            </p>
          </div>
        ))}
      </div>
      {counts.totals.documents === 0 ? (
        <Card className="mt-6" title="Get started">
          <ol className="grid gap-4 text-sm md:grid-cols-3" data-testid="get-started">
            <li className="rounded-md border border-slate-200 p-4">
              <p className="font-medium">1. Drop your invoices</p>
              <p className="mt-1 text-slate-600">PDFs, scans, e-invoices or a zip of them: Docket reads each one and tells you what it was unsure of.</p>
              <Link href="/documents" className="mt-2 inline-block font-medium text-brand-600 hover:underline">
                Go to Documents →
              </Link>
            </li>
            <li className="rounded-md border border-slate-200 p-4">
              <p className="font-medium">2. Open an insurance case</p>
              <p className="mt-1 text-slate-600">Import your insurer&apos;s catalog, add a broker, upload their fleet spreadsheet and get the quote file.</p>
              <Link href="/insurance" className="mt-2 inline-block font-medium text-brand-600 hover:underline">
                Go to Insurance →
              </Link>
            </li>
            <li className="rounded-md border border-slate-200 p-4">
              <p className="font-medium">3. Invite your team</p>
              <p className="mt-1 text-slate-600">Reviewers, approvers and viewers, each with their own role.</p>
              <Link href="/settings" className="mt-2 inline-block font-medium text-brand-600 hover:underline">
                Go to Settings →
              </Link>
            </li>
          </ol>
        </Card>
      ) : (
        <div className="mt-6 grid gap-4 xl:grid-cols-2">
          <Card title="Documents received per day (last 30 days)">
            <DailyBarChart data={fillDays(counts.perDay, since, now)} label="Documents" />
          </Card>
          <Card title="Documents read per day (last 30 days)">
            <DailyBarChart data={fillDays(counts.processedPerDay, since, now)} label="Documents read" color="#7c3aed" />
          </Card>
          <Card title="Activity per day (last 30 days)">
            <DailyBarChart data={fillDays(activity, since, now)} label="Events" color="#0f766e" />
          </Card>
        </div>
      )}
      {invoiceTotal > 0 && (
        <div className="mt-6 grid gap-4 xl:grid-cols-2">
          <Card title="Spend by vendor (not rejected)">
            <HorizontalBars data={inv.byVendor.map((v) => ({ label: `${v.vendor ?? "unknown"} (${v.currency ?? "?"})`, value: Number(v.total) }))} />
          </Card>
          <Card title="Spend by month, per currency">
            <GroupedBars data={months} keys={currencies} />
          </Card>
          <Card title={`Invoices by status — ${Math.round((needReview / invoiceTotal) * 100)}% need review`}>
            <Donut data={inv.statusShare.map((s) => ({ label: s.status.replace("_", " "), value: s.n }))} />
          </Card>
          <Card title="Confidence of the weakest field">
            <GroupedBars data={inv.confidence.map((c) => ({ x: `${c.bucket * 10}–${c.bucket * 10 + 10}%`, invoices: c.n }))} keys={["invoices"]} />
          </Card>
        </div>
      )}
      <CampaignSendsCard db={db} workspaceId={ctx.workspaceId} />
      <InsuranceDashboardCard db={db} workspaceId={ctx.workspaceId} />
      <Card className="mt-6" title="Recent activity" action={<Link className="text-sm text-brand-600 hover:underline" href="/activity">All activity</Link>}>
        {recent.rows.length === 0 ? (
          <p className="text-sm text-slate-600">Nothing yet. Upload a document or invite a teammate from Settings.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {recent.rows.map((r) => (
              <li key={r.id} className="flex justify-between gap-4 py-2">
                <span>
                  <span className="font-medium">{r.actorType === "system" ? "Docket" : (r.actorName ?? r.actorEmail ?? "Someone")}</span>{" "}
                  <span className="text-slate-600">{actionPhrase(r.action).toLowerCase()}</span>
                </span>
                <time className="shrink-0 text-slate-500" dateTime={r.at.toISOString()}>
                  {r.at.toISOString().replace("T", " ").slice(0, 16)} UTC
                </time>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
