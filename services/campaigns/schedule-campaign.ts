import type { Db } from "@/db/client";
import { scheduleCampaign as saveSchedule } from "@/db/queries/campaigns/control";
import { appEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/send";
import { PacingError, scheduleStartAt, validateSendingWindow, type SendingWindow } from "@/lib/campaigns/pacing";
import { scheduleOutcome } from "@/lib/campaigns/schedule-outcome";
import { UserError } from "@/lib/errors";

/** Send now or at a local date and time, optionally only inside a weekly sending window; the run starts after the commit. */
export async function scheduleCampaign(
  db: Db,
  q: { workspaceId: string; actorId: string; campaignId: string; linkBase: string },
  input: { mode: "now" | "at"; localDateTime?: string; timeZone: string; window: { days: SendingWindow["days"]; start: string; end: string } | null },
) {
  let startAt: Date | null = null;
  let window: SendingWindow | null = null;
  try {
    if (input.mode === "at") {
      if (!input.localDateTime) throw new UserError("Choose the date and time to start.");
      startAt = scheduleStartAt(input.localDateTime, input.timeZone);
      if (startAt.getTime() < Date.now() - 60_000) throw new UserError("That start time is in the past; choose a later one or Send now.");
    }
    if (input.window) {
      window = { timeZone: input.timeZone, days: input.window.days, start: input.window.start, end: input.window.end };
      validateSendingWindow(window);
    }
  } catch (err) {
    if (err instanceof PacingError) throw new UserError(err.message);
    throw err;
  }
  const c = await saveSchedule(db, { ...q, startAt, timeZone: input.timeZone, window });
  await sendEvents(appEvent.campaignStarted(c));
  const outcome = scheduleOutcome({ startAt, window, timeZone: input.timeZone, now: Date.now() });
  return { status: c.status, startAt: c.startAt?.toISOString() ?? null, firstSendAt: outcome.firstSendAt.toISOString(), message: outcome.message };
}
