import { StaticTable } from "@/components/data-table/static-table";
import { Badge } from "@/components/ui/badge";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { pausedCountsByAccount } from "@/db/queries/campaigns/quota";
import { listSendingAccounts } from "@/db/queries/campaigns/sending-accounts";
import { listSuppressions } from "@/db/queries/campaigns/suppressions";
import { hasRole } from "@/db/queries/workspaces";
import { requirePageContext } from "@/lib/auth/session";
import { PACING_BOUNDS } from "@/lib/campaigns/pacing";
import { env } from "@/lib/env";
import { AddOutboxButton, PacingForm, ResumeAccountButton, SmtpForm, SuppressionPanel } from "./account-forms";
import { suppressionColumns } from "./columns";

export const metadata = { title: "Sending accounts" };

const KIND = { outbox: "Dev outbox", smtp: "SMTP", gmail: "Gmail" } as const;

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requirePageContext();
  const db = await getDb();
  const sp = await searchParams;
  const [accounts, suppressed] = await Promise.all([listSendingAccounts(db, { workspaceId: ctx.workspaceId }), listSuppressions(db, { workspaceId: ctx.workspaceId })]);
  const isAdmin = hasRole(ctx.role, "admin");
  const authPaused = await pausedCountsByAccount(db, { workspaceId: ctx.workspaceId, reason: "auth_revoked" });
  const google = Boolean(env().AUTH_GOOGLE_ID && env().AUTH_GOOGLE_SECRET);
  return (
    <>
      <PageHeader
        title="Sending accounts"
        description="Where campaign mail goes out from, and how fast. Limits apply per account across all of its campaigns together."
      />
      {sp.connected && <p className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">{sp.connected}</p>}
      {sp.error && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {sp.error}
        </p>
      )}
      <div className="grid gap-6">
        <Card title={`Accounts (${accounts.length})`}>
          {accounts.length === 0 ? (
            <p className="text-sm text-slate-600">No accounts yet. The dev outbox is used by default; connect Gmail or add SMTP below to deliver for real.</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {accounts.map((a) => (
                <li key={a.id} className="py-3" data-testid="sending-account">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{a.name}</span>
                    <span className="text-sm text-slate-600">&lt;{a.fromAddress}&gt;</span>
                    <Badge tone={a.kind === "outbox" ? "amber" : "blue"}>{KIND[a.kind]}</Badge>
                    {a.kind === "outbox" && <span className="text-xs text-amber-800">Not delivered: stored in Settings → Mail outbox.</span>}
                    {a.status === "needs_reconnect" && <Badge tone="red">Reconnect needed</Badge>}
                  </div>
                  {a.lastError && <p className="mt-1 text-xs text-red-700">{a.lastError}</p>}
                  {a.status === "needs_reconnect" && a.kind === "gmail" && isAdmin && (
                    <a className="mt-1 inline-block text-sm font-medium text-brand-700 underline" href="/api/google/connect">
                      Reconnect Google
                    </a>
                  )}
                  {(authPaused.get(a.id) ?? 0) > 0 && (
                    <div className="mt-1 text-sm text-amber-800">
                      {authPaused.get(a.id)} campaign(s) paused when Google access was revoked.{" "}
                      {a.status === "needs_reconnect" ? "Reconnect first, then resume them here." : hasRole(ctx.role, "member") && <ResumeAccountButton accountId={a.id} count={authPaused.get(a.id)!} />}
                    </div>
                  )}
                  {a.kind === "smtp" && (
                    <p className="mt-1 text-xs text-slate-500">
                      {String(a.config.host)}:{String(a.config.port)} {a.config.secure ? "TLS" : "STARTTLS when offered"} {a.config.user ? `as ${String(a.config.user)}` : "(no login)"} · password stored encrypted
                    </p>
                  )}
                  <PacingForm
                    accountId={a.id}
                    canEdit={isAdmin}
                    limits={{ perHour: a.perHour, perDay: a.perDay, minGapSec: a.minGapSec, maxGapSec: a.maxGapSec }}
                    maxPerDay={PACING_BOUNDS[a.kind === "gmail" ? "gmail" : a.kind].maxPerDay}
                  />
                </li>
              ))}
            </ul>
          )}
        </Card>

        {isAdmin && (
          <Card title="Add an account">
            <div className="space-y-5">
              <div>
                <p className="text-sm font-medium">Gmail (your own mailbox)</p>
                {google ? (
                  <p className="mt-1 text-sm text-slate-600">
                    Docket asks Google only for permission to send email (gmail.send), not to read your mail.{" "}
                    <a className="font-medium text-brand-700 underline" href="/api/google/connect">
                      Connect Gmail
                    </a>
                  </p>
                ) : (
                  <p className="mt-1 text-sm text-slate-600">Needs Google sign-in configured on the server (AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET). Use SMTP or the dev outbox meanwhile.</p>
                )}
              </div>
              <div>
                <p className="mb-2 text-sm font-medium">SMTP</p>
                <SmtpForm />
              </div>
              <div>
                <p className="text-sm font-medium">Dev outbox</p>
                <AddOutboxButton hasOne={accounts.some((a) => a.kind === "outbox")} />
              </div>
            </div>
          </Card>
        )}

        <Card title={`Suppression list (${suppressed.length})`}>
          <SuppressionPanel canAdd={hasRole(ctx.role, "member")} />
          {suppressed.length > 0 && (
            <StaticTable
              className="mt-3"
              columns={suppressionColumns({ canRemove: isAdmin })}
              data={suppressed.map((s) => ({ email: s.email, reason: s.reason, at: s.createdAt.toISOString().slice(0, 16).replace("T", " ") }))}
              getRowId={(r) => r.email}
            />
          )}
        </Card>
      </div>
    </>
  );
}
