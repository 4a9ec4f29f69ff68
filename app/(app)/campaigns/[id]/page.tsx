import { Link } from "@/components/ui/link";
import { notFound } from "next/navigation";
import { StaticTable } from "@/components/data-table/static-table";
import { Card, PageHeader } from "@/components/ui/card";
import { getDb } from "@/db";
import { getCampaign, listCampaignAttachments } from "@/db/queries/campaigns/campaigns";
import { getCampaignRecipient, heldRecipientIds, listCampaignRecipients } from "@/db/queries/campaigns/recipients";
import { getSendingAccount } from "@/db/queries/campaigns/sending-accounts";
import { hasRole } from "@/db/queries/workspaces";
import { progressFor } from "@/app/api/campaigns/handlers";
import { requirePageContext } from "@/lib/auth/session";
import { formatInZone } from "@/lib/campaigns/pacing";
import { RECIPIENT_STATUSES, RECIPIENT_STATUS_LABELS, type RecipientStatus } from "@/lib/campaigns/status";
import { renderForRecipient, summarizeRender } from "@/lib/campaigns/template";
import { CampaignStatusBadge } from "../status-badge";
import { CampaignButtons, ScheduleForm, TestSendButton } from "./campaign-controls";
import { sendLogColumns } from "./columns";
import { EditMessageForm } from "./edit-message-form";
import { PREVIEW_UNSUBSCRIBE_URL, RenderedMessage } from "./message-preview";
import { ProgressPanel } from "./progress-panel";
import { SkippedRowsTable } from "../skipped-rows-table";
import { LinkButton } from "@/components/ui/link-button";

export const metadata = { title: "Campaign" };

const PAGE_SIZE = 50;
export default async function CampaignPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const renderedAt = Date.now();
  const ctx = await requirePageContext();
  const db = await getDb();
  const { id } = await params;
  const sp = await searchParams;
  const c = await getCampaign(db, { workspaceId: ctx.workspaceId, campaignId: id });
  if (!c) notFound();
  const status = RECIPIENT_STATUSES.includes(sp.status as RecipientStatus) ? (sp.status as RecipientStatus) : undefined;
  const page = Math.max(0, Number(sp.page ?? 0) || 0);
  const q = sp.q?.trim() || undefined;
  const [account, attachments, log, held, progress] = await Promise.all([
    getSendingAccount(db, { workspaceId: ctx.workspaceId, accountId: c.accountId }),
    listCampaignAttachments(db, { workspaceId: ctx.workspaceId, campaignId: c.id }),
    listCampaignRecipients(db, { workspaceId: ctx.workspaceId, campaignId: c.id, status, q, limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    heldRecipientIds(db, { workspaceId: ctx.workspaceId, campaignId: c.id }),
    progressFor({ userId: ctx.userId, workspaceId: ctx.workspaceId }, c.id, { db }),
  ]);
  const canEdit = hasRole(ctx.role, "member");
  // db/queries/campaigns updateCampaignTemplate edits drafts only (scheduled and paused are refused).
  const canEditMessage = canEdit && c.status === "draft";
  const template = { subject: c.subject, text: c.textBody ?? undefined, html: c.htmlBody ?? undefined };
  const previewRecipient =
    (sp.preview ? await getCampaignRecipient(db, { workspaceId: ctx.workspaceId, campaignId: c.id, recipientId: sp.preview }) : null) ?? log.rows[0] ?? null;
  const preview = previewRecipient
    ? renderForRecipient(template, previewRecipient.fields, { onEmpty: c.onEmpty, fallbacks: c.fallbacks, unsubscribeUrl: PREVIEW_UNSUBSCRIBE_URL })
    : null;
  const draftCheck =
    c.status === "draft"
      ? summarizeRender(template, (await listCampaignRecipients(db, { workspaceId: ctx.workspaceId, campaignId: c.id, limit: 10_000 })).rows, {
          onEmpty: c.onEmpty,
          fallbacks: c.fallbacks,
        })
      : null;
  const href = (patch: Record<string, string | undefined>) => {
    const u = new URLSearchParams(Object.entries({ status, q, page: page ? String(page) : undefined, ...patch }).filter((e): e is [string, string] => Boolean(e[1])));
    return `/campaigns/${c.id}${u.size ? `?${u}` : ""}`;
  };
  const pages = Math.max(1, Math.ceil(log.total / PAGE_SIZE));

  return (
    <>
      <PageHeader
        title={c.name}
        description={`From ${account?.name ?? "?"} <${account?.fromAddress ?? "?"}> · ${c.sourceFilename ?? "list"} · times in ${c.timeZone}`}
        actions={
          <>
            <LinkButton href={`/api/campaigns/${c.id}/export`} file>
              Export log (Excel)
            </LinkButton>
            <LinkButton href="/campaigns">
              All campaigns
            </LinkButton>
          </>
        }
      />
      <div className="grid gap-6">
        <Card
          title={
            <span className="flex items-center gap-2">
              Progress <CampaignStatusBadge status={c.status} />
            </span>
          }
          action={<CampaignButtons campaignId={c.id} status={c.status} canEdit={canEdit} />}
        >
          <ProgressPanel campaignId={c.id} initial={progress} since={renderedAt} />
          {c.startAt && <p className="mt-2 text-xs text-slate-500">Start: {formatInZone(c.startAt, c.timeZone)} ({c.timeZone})</p>}
          {c.sendingWindow && (
            <p className="text-xs text-slate-500">
              Sending window: {c.sendingWindow.days.join(", ")} {c.sendingWindow.start}–{c.sendingWindow.end} ({c.sendingWindow.timeZone})
            </p>
          )}
        </Card>

        {canEditMessage && (
          <Card title="Edit message">
            <EditMessageForm
              campaignId={c.id}
              saved={{ name: c.name, subject: c.subject, textBody: c.textBody ?? "", htmlBody: c.htmlBody ?? "", onEmpty: c.onEmpty, fallbacks: c.fallbacks }}
              columns={c.columns}
              recipient={previewRecipient && { email: previewRecipient.email, fields: previewRecipient.fields }}
            />
          </Card>
        )}

        <Card title={canEditMessage ? "Message preview (as saved)" : "Message preview"} action={canEdit && previewRecipient ? <TestSendButton campaignId={c.id} recipientId={previewRecipient.id} /> : undefined}>
          {previewRecipient && preview ? (
            <div className="text-sm" data-testid="message-preview">
              <p className="text-xs text-slate-500">
                As {previewRecipient.email} will get it{account?.kind === "outbox" ? " (dev outbox: stored, not delivered)" : ""}. Pick another recipient with “Preview” in the log.
              </p>
              <RenderedMessage result={preview} />
              <p className="mt-2 text-xs text-slate-500">
                Attachments: {attachments.length ? attachments.map((a) => `${a.filename} (${(a.size / 1024).toFixed(0)} KB)`).join(", ") : "none"} · Every message carries a
                List-Unsubscribe header and an unsubscribe link.
              </p>
            </div>
          ) : (
            <p className="text-sm text-slate-600">No recipients to preview.</p>
          )}
        </Card>

        {c.status === "draft" && canEdit && (
          <Card title="Schedule">
            {draftCheck && draftCheck.skipped.length > 0 && (
              <p className="mb-3 rounded bg-amber-50 px-3 py-2 text-sm text-amber-800">
                {draftCheck.skipped.length} recipient(s) would be skipped:{" "}
                {Object.entries(draftCheck.missingByPlaceholder)
                  .map(([k, n]) => `${n} have no {{${k}}}`)
                  .join(", ")}
                .
              </p>
            )}
            <ScheduleForm campaignId={c.id} defaultTimeZone={c.timeZone} />
          </Card>
        )}

        <Card title={`Send log (${log.total.toLocaleString("en")})`}>
          <form className="mb-3 flex flex-wrap items-end gap-2 text-sm" action={`/campaigns/${c.id}`}>
            <select name="status" defaultValue={status ?? ""} className="rounded-md border border-slate-300 px-2 py-1.5" aria-label="Status">
              <option value="">All statuses</option>
              {RECIPIENT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {RECIPIENT_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
            <input name="q" defaultValue={q} placeholder="Search email, name, company" className="rounded-md border border-slate-300 px-2 py-1.5" />
            <button className="rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium hover:bg-slate-50">Filter</button>
          </form>
          <StaticTable
            columns={sendLogColumns({ campaign: c, held, canEdit, previewHref: (recipientId) => href({ preview: recipientId }) })}
            data={log.rows}
            getRowId={(r) => r.id}
            testId="send-log"
            empty={{ title: "No recipients match these filters." }}
          />
          <div className="mt-3 flex items-center justify-between text-sm text-slate-600">
            <span>
              Page {page + 1} of {pages}
            </span>
            <span className="flex gap-2">
              {page > 0 && (
                <Link className="rounded border border-slate-300 px-2 py-1" href={href({ page: String(page - 1) })}>
                  ← Previous
                </Link>
              )}
              {page + 1 < pages && (
                <Link className="rounded border border-slate-300 px-2 py-1" href={href({ page: String(page + 1) })}>
                  Next →
                </Link>
              )}
            </span>
          </div>
        </Card>

        {c.importSkipped.length > 0 && (
          <Card title={`Rows not imported from ${c.sourceFilename ?? "the list"} (${c.importSkipped.length} of ${c.importTotalRows})`}>
            <SkippedRowsTable rows={c.importSkipped} className="max-h-72" />
          </Card>
        )}
      </div>
    </>
  );
}
