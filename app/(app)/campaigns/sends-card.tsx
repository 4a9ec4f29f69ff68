import { Link } from "@/components/ui/link";
import { Card } from "@/components/ui/card";
import type { Db } from "@/db/client";
import { sendsPerDay } from "@/db/queries/campaigns/dashboard";
import { listSendingAccounts } from "@/db/queries/campaigns/sending-accounts";
import { SendsChart } from "./sends-chart";

/** Dashboard card: campaign sends per day per account against its cap, and the failure rate (last 14 days). */
export async function CampaignSendsCard({ db, workspaceId, now = new Date() }: { db: Db; workspaceId: string; now?: Date }) {
  const days = 14;
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const [rows, accounts] = await Promise.all([sendsPerDay(db, { workspaceId, since }), listSendingAccounts(db, { workspaceId })]);
  const used = accounts.filter((a) => rows.some((r) => r.accountId === a.id));
  const data = Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const point: Record<string, string | number | null> = { day };
    let sent = 0;
    let failed = 0;
    for (const a of used) {
      const r = rows.find((x) => x.day === day && x.accountId === a.id);
      point[a.id] = r?.sent ?? 0;
      sent += r?.sent ?? 0;
      failed += r?.failed ?? 0;
    }
    point.failureRate = sent + failed ? Math.round((failed / (sent + failed)) * 1000) / 10 : null;
    return point;
  });
  const totalSent = rows.reduce((s, r) => s + r.sent, 0);
  const totalFailed = rows.reduce((s, r) => s + r.failed, 0);
  return (
    <Card
      className="mt-6"
      title="Campaign sends per day (last 14 days)"
      action={
        <Link className="text-sm text-brand-600 hover:underline" href="/campaigns">
          Campaigns
        </Link>
      }
    >
      {used.length === 0 ? (
        <p className="text-sm text-slate-600">No campaign messages sent in the last 14 days. Create one in Campaigns → New campaign.</p>
      ) : (
        <>
          <SendsChart data={data} accounts={used.map((a) => ({ key: a.id, label: a.name, perDay: a.perDay }))} />
          <p className="mt-2 text-xs text-slate-500" data-testid="campaign-sends-summary">
            {totalSent} sent, {totalFailed} failed attempts ({totalSent + totalFailed ? ((totalFailed / (totalSent + totalFailed)) * 100).toFixed(1) : "0"}% failure rate). Dashed lines are each
            account&apos;s daily cap.
          </p>
        </>
      )}
    </Card>
  );
}
