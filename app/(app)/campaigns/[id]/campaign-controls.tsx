"use client";

import { useEffect, useState } from "react";
import { Button, ConfirmButton } from "@/components/ui/button";
import { InputField } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import {
  cancelCampaignAction,
  pauseCampaignAction,
  resolveRecipientAction,
  resumeCampaignAction,
  scheduleCampaignAction,
  sendTestMessageAction,
} from "@/lib/actions/campaigns";
import { ActionFeedback, useActionFeedback } from "@/components/action-feedback";

type R = { ok: true; data: unknown } | { ok: false; error: string };

const DAYS = [
  ["mon", "Mon"],
  ["tue", "Tue"],
  ["wed", "Wed"],
  ["thu", "Thu"],
  ["fri", "Fri"],
  ["sat", "Sat"],
  ["sun", "Sun"],
] as const;

export function ScheduleForm({ campaignId, defaultTimeZone }: { campaignId: string; defaultTimeZone: string }) {
  const { pending, message, run } = useActionFeedback({ refresh: "always" });
  const [mode, setMode] = useState<"now" | "at">("now");
  const [at, setAt] = useState("");
  const [timeZone, setTimeZone] = useState(defaultTimeZone);
  useEffect(() => {
    if (!defaultTimeZone || defaultTimeZone === "UTC") setTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
  }, [defaultTimeZone]);
  const [useWindow, setUseWindow] = useState(true);
  const [days, setDays] = useState<string[]>(["mon", "tue", "wed", "thu", "fri"]);
  const [startT, setStartT] = useState("09:00");
  const [endT, setEndT] = useState("18:00");
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        run(
          () =>
            scheduleCampaignAction({
              campaignId,
              mode,
              localDateTime: mode === "at" ? at : undefined,
              timeZone,
              window: useWindow ? { days, start: startT, end: endT } : null,
            }) as Promise<R>,
          // the server says when the first message can go out (the sending window may hold a "Send now" until it opens)
          (data: { message?: string }) => data.message ?? "Scheduled.",
        );
      }}
    >
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input type="radio" checked={mode === "now"} onChange={() => setMode("now")} /> Send now
        </label>
        <label className="flex items-center gap-1">
          <input type="radio" checked={mode === "at"} onChange={() => setMode("at")} /> Start at
        </label>
        {mode === "at" && (
          <span className="w-60">
            <Input aria-label="Start date and time" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} required />
          </span>
        )}
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <InputField id="tz" label="Time zone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={useWindow} onChange={(e) => setUseWindow(e.target.checked)} /> Only send inside a window
      </label>
      {useWindow && (
        <div className="flex flex-wrap items-center gap-3 text-sm">
          {DAYS.map(([d, label]) => (
            <label key={d} className="flex items-center gap-1">
              <input type="checkbox" checked={days.includes(d)} onChange={(e) => setDays(e.target.checked ? [...days, d] : days.filter((x) => x !== d))} />
              {label}
            </label>
          ))}
          <span className="w-36">
            <Input aria-label="Window start" type="time" value={startT} onChange={(e) => setStartT(e.target.value)} />
          </span>
          –
          <span className="w-36">
            <Input aria-label="Window end" type="time" value={endT} onChange={(e) => setEndT(e.target.value)} />
          </span>
        </div>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Scheduling…" : mode === "now" ? "Start sending" : "Schedule"}
      </Button>
      <ActionFeedback message={message} />
    </form>
  );
}

export function CampaignButtons({ campaignId, status, canEdit }: { campaignId: string; status: string; canEdit: boolean }) {
  const { pending, message, run } = useActionFeedback({ refresh: "always" });
  if (!canEdit) return null;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {(status === "sending" || status === "scheduled") && (
          <Button variant="secondary" disabled={pending} onClick={() => run(() => pauseCampaignAction({ campaignId }) as Promise<R>, () => "Paused. Nothing more is sent until you resume.")}>
            Pause
          </Button>
        )}
        {status === "paused" && (
          <Button disabled={pending} onClick={() => run(() => resumeCampaignAction({ campaignId }) as Promise<R>, () => "Resumed.")}>
            Resume
          </Button>
        )}
        {status !== "completed" && status !== "cancelled" && (
          <ConfirmButton
            variant="danger"
            disabled={pending}
            confirm="Cancel this campaign? Recipients not sent yet will be skipped. This cannot be undone."
            onConfirm={() => run(() => cancelCampaignAction({ campaignId }) as Promise<R>, () => "Cancelled.")}
          >
            Cancel campaign
          </ConfirmButton>
        )}
      </div>
      <ActionFeedback message={message} />
    </div>
  );
}

export function TestSendButton({ campaignId, recipientId }: { campaignId: string; recipientId?: string }) {
  const { pending, message, run } = useActionFeedback({ refresh: "always" });
  return (
    <div className="space-y-1">
      <Button
        variant="secondary"
        size="sm"
        disabled={pending}
        onClick={() =>
          run(
            () => sendTestMessageAction({ campaignId, recipientId }) as Promise<R>,
            (d: { to: string; delivered: boolean; renderedFor: string }) =>
              `Test (as for ${d.renderedFor}) sent to ${d.to}${d.delivered ? "." : " — stored in Settings → Mail outbox, not delivered."}`,
          )
        }
      >
        {pending ? "Sending test…" : "Send a test to myself"}
      </Button>
      <ActionFeedback message={message} />
    </div>
  );
}

export function ResolveButtons({ campaignId, recipientId, held }: { campaignId: string; recipientId: string; held: boolean }) {
  const { pending, message, run } = useActionFeedback({ refresh: "always" });
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => resolveRecipientAction({ campaignId, recipientId, decision: "retry" }) as Promise<R>)}>
        Retry
      </Button>
      {held && (
        <Button size="sm" variant="ghost" disabled={pending} onClick={() => run(() => resolveRecipientAction({ campaignId, recipientId, decision: "mark_sent" }) as Promise<R>)}>
          Mark as sent
        </Button>
      )}
      {message && !message.ok && <span className="text-xs text-red-700">{message.text}</span>}
    </span>
  );
}
