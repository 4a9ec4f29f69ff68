import { Link } from "@/components/ui/link";
import { Donut, GroupedBars } from "@/components/charts/simple-charts";
import { Card } from "@/components/ui/card";
import type { Db } from "@/db/client";
import { insuranceDashboard } from "@/db/queries/insurance/dashboard";

function hours(h: number | null) {
  if (h === null) return "—";
  if (h < 1) return `${Math.round(h * 60)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} days`;
}

/** Dashboard card: insurance cases per week by broker, auto/review/no-match shares, time from email to quote export (last 12 weeks). */
export async function InsuranceDashboardCard({ db, workspaceId, now = new Date() }: { db: Db; workspaceId: string; now?: Date }) {
  const since = new Date(now.getTime() - 12 * 7 * 86_400_000);
  const d = await insuranceDashboard(db, { workspaceId, since });
  if (!d.perWeek.length) return null;
  const brokers = [...new Set(d.perWeek.map((r) => r.broker))];
  const weeks = [...new Set(d.perWeek.map((r) => r.week))].map((x) => ({
    x,
    ...Object.fromEntries(brokers.map((b) => [b, d.perWeek.find((r) => r.week === x && r.broker === b)?.n ?? 0])),
  }));
  const rows = d.shares.auto + d.shares.review + d.shares.noMatch;
  const pct = (n: number) => (rows ? Math.round((n / rows) * 100) : 0);
  return (
    <Card className="mt-6" title="Insurance cases (last 12 weeks)" action={<Link className="text-sm text-brand-600 hover:underline" href="/insurance">All cases</Link>}>
      <div className="grid gap-4 lg:grid-cols-3" data-testid="insurance-dashboard">
        <div className="lg:col-span-2">
          <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Cases per week, by broker</p>
          <GroupedBars data={weeks} keys={brokers} />
        </div>
        <div>
          <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">
            Matcher decisions over {rows.toLocaleString("en")} rows — {pct(d.shares.auto)}% auto
          </p>
          <Donut
            data={[
              { label: `auto ${pct(d.shares.auto)}%`, value: d.shares.auto },
              { label: `review ${pct(d.shares.review)}%`, value: d.shares.review },
              { label: `no match ${pct(d.shares.noMatch)}%`, value: d.shares.noMatch },
            ]}
          />
          <p className="mt-2 text-sm text-slate-700">
            Email → quote export: median <span className="font-semibold">{hours(d.medianHours)}</span>
            {d.exported ? ` over ${d.exported} exported case${d.exported > 1 ? "s" : ""}` : " (no case exported yet)"}
          </p>
        </div>
      </div>
    </Card>
  );
}
