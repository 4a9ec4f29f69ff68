import { Badge } from "@/components/ui/badge";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { listAlerts } from "@/db/queries/alerts";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { AlertActions, CheckNow } from "./alert-actions";

export const metadata = { title: "Alerts" };

const tabs = [
  { state: "active", label: "Open" },
  { state: "acknowledged", label: "Acknowledged" },
  { state: "snoozed", label: "Snoozed" },
  { state: "resolved", label: "Resolved" },
] as const;

/** Who moved an alert out of "open", in the words of its state (the query keeps the last person who acted). */
const ACTED = { acknowledged: "Acknowledged", snoozed: "Snoozed", resolved: "Resolved" } as const;

const utcMinute = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16);

export default async function AlertsPage({ searchParams }: { searchParams: Promise<{ state?: string }> }) {
  const ctx = await requirePageContext();
  const db = await getDb();
  const sp = await searchParams;
  const state = tabs.find((t) => t.state === sp.state)?.state ?? "active";
  const list = await listAlerts(db, { workspaceId: ctx.workspaceId, state, limit: 300 });
  const member = hasRole(ctx.role, "member");
  return (
    <>
      <PageHeader
        title="Alerts"
        description="Raised by the scheduled checks (hourly; rules in Settings → Alerts): invoices due soon or overdue, suspected duplicates, missing fields, documents about to expire, insurance cases waiting, campaigns paused by a quota."
        actions={member ? <CheckNow /> : null}
      />
      <nav className="mb-4 flex gap-4 text-sm" aria-label="Alert state">
        {tabs.map((t) => (
          <a key={t.state} href={`/alerts?state=${t.state}`} className={t.state === state ? "font-semibold text-brand-700" : "text-slate-600 hover:underline"}>
            {t.label}
          </a>
        ))}
      </nav>
      {list.length === 0 ? (
        <EmptyState title={state === "active" ? "No open alerts." : "Nothing here."}>{state === "active" ? "The checks run every hour; use Check now after changing rules." : null}</EmptyState>
      ) : (
        <Card>
          <ul className="divide-y divide-slate-100 text-sm" data-testid="alerts">
            {list.map((a) => (
              <li key={a.id} className="flex items-start justify-between gap-4 py-2" data-testid="alert" data-kind={a.kind}>
                <div>
                  <a href={a.href} className="font-medium text-brand-700 hover:underline">{a.title}</a>
                  {a.detail && <p className="text-xs text-slate-600">{a.detail}</p>}
                  <p className="text-xs text-slate-500">
                    <Badge tone={a.state === "open" ? "amber" : a.state === "resolved" ? "green" : "gray"}>{a.state}</Badge> first seen {utcMinute(a.firstSeenAt)} UTC
                    {a.state === "snoozed" && a.snoozedUntil ? ` · until ${a.snoozedUntil.toISOString().slice(0, 10)}` : ""}
                  </p>
                  {a.state !== "open" && a.actedAt && (
                    <p className="text-xs text-slate-500" data-testid="alert-acted">
                      {ACTED[a.state]} by {a.actedByName ?? "a former member"} · {utcMinute(a.actedAt)} UTC
                    </p>
                  )}
                </div>
                {member && <AlertActions alertId={a.id} state={a.state} />}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
