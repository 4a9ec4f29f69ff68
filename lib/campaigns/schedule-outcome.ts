import { formatInZone, nextWindowOpening, type SendingWindow } from "./pacing";

/**
 * What a person is told after scheduling: when the first message can actually go out. "Send now" outside the
 * sending window (the form's default window is weekdays 09:00–18:00) waits for the window to open, and saying
 * "sending starts now" then would be wrong.
 */
export function scheduleOutcome(input: { startAt: Date | null; window: SendingWindow | null; timeZone: string; now: number | Date }): {
  firstSendAt: Date;
  message: string;
} {
  const from = Math.max(+input.now, input.startAt ? +input.startAt : 0);
  const first = input.window ? nextWindowOpening(from, input.window) : from;
  const when = `${formatInZone(first, input.timeZone)} (${input.timeZone})`;
  let message: string;
  if (first <= +input.now + 60_000) message = "Scheduled: sending starts now.";
  else if (input.window && first > from) message = `Scheduled: ${input.startAt ? "that start time" : "now"} is outside the sending window, so the first message goes out at ${when}.`;
  else message = `Scheduled: the first message goes out at ${when}.`;
  return { firstSendAt: new Date(first), message };
}
