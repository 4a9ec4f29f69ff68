import ExcelJS from "exceljs";
import type { Db } from "@/db/client";
import { campaignProgress, requireCampaign } from "@/db/queries/campaigns/campaigns";
import { campaignLog } from "@/db/queries/campaigns/recipients";
import { requireWorkspaceRole, type Session } from "@/lib/action";
import { describeDecision, formatInZone } from "@/lib/campaigns/pacing";
import { RECIPIENT_STATUS_LABELS } from "@/lib/campaigns/status";

// What the campaign route handlers do, with the request's session passed in (the isolation suite calls these).

/** Live progress for the campaign page's poller. */
export async function progressFor(session: Session | null, campaignId: string, deps: { db: Db; now?: Date }) {
  const ctx = await requireWorkspaceRole(deps.db, session, "viewer");
  const now = deps.now ?? new Date();
  const p = await campaignProgress(deps.db, { workspaceId: ctx.workspaceId, campaignId, now });
  const waitingFor =
    p.status === "sending" || p.status === "scheduled"
      ? p.nextSendAt && p.nextSendAt.getTime() > now.getTime()
        ? describeDecision({ at: p.nextSendAt, reason: (p.waitReason as never) ?? "gap", gapMs: null, sentLastHour: 0, sentLastDay: 0 }, p.limits, p.timeZone, now)
        : p.decision
          ? describeDecision(p.decision, p.limits, p.timeZone, now)
          : null
      : null;
  return {
    status: p.status,
    pauseReason: p.pauseReason,
    statusMessage: p.statusMessage,
    counts: p.counts,
    nextSendAt: p.nextSendAt?.toISOString() ?? null,
    nextSendLocal: p.nextSendAt ? formatInZone(p.nextSendAt, p.timeZone) : null,
    waitingFor,
    resumeAt: p.resumeAt ? formatInZone(p.resumeAt, p.timeZone) : null,
    sentLastHour: p.decision?.sentLastHour ?? null,
    sentLastDay: p.decision?.sentLastDay ?? null,
    limits: p.limits,
    account: p.account,
  };
}

/** The per-recipient log as an .xlsx workbook (one row per recipient, in list order). */
export async function exportLogFor(session: Session | null, campaignId: string, deps: { db: Db }) {
  const ctx = await requireWorkspaceRole(deps.db, session, "viewer");
  const c = await requireCampaign(deps.db, { workspaceId: ctx.workspaceId, campaignId });
  const rows = await campaignLog(deps.db, { workspaceId: ctx.workspaceId, campaignId });
  const wb = new ExcelJS.Workbook();
  wb.creator = "Docket";
  const ws = wb.addWorksheet("Send log");
  ws.columns = [
    { header: "Row", key: "rowNumber", width: 6 },
    { header: "Email", key: "email", width: 32 },
    { header: "Name", key: "name", width: 22 },
    { header: "Company", key: "company", width: 24 },
    { header: "Status", key: "status", width: 10 },
    { header: "Attempts", key: "attempts", width: 9 },
    { header: `Sent at (${c.timeZone})`, key: "sentAt", width: 18 },
    { header: "Error", key: "error", width: 50 },
    { header: "Message-ID", key: "messageId", width: 40 },
    { header: "Provider message id", key: "providerMessageId", width: 30 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const r of rows) {
    ws.addRow({
      ...r,
      status: RECIPIENT_STATUS_LABELS[r.status],
      sentAt: r.sentAt ? formatInZone(r.sentAt, c.timeZone) : "",
      error: r.error ?? "",
      messageId: r.messageId ?? "",
      providerMessageId: r.providerMessageId ?? "",
    });
  }
  ws.autoFilter = { from: "A1", to: "J1" };
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  const safe = c.name.replace(/[^\p{L}\p{N} _-]+/gu, "").trim().slice(0, 60) || "campaign";
  return { buffer, filename: `${safe} - send log.xlsx` };
}
