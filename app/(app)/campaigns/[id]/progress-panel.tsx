"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { LiveProgress } from "@/components/live-progress/live-progress";

export interface Progress {
  status: string;
  statusMessage: string | null;
  counts: { pending: number; sending: number; sent: number; failed: number; skipped: number; total: number };
  waitingFor: string | null;
  sentLastHour: number | null;
  sentLastDay: number | null;
  limits: { perHour: number; perDay: number; minGapSec: number; maxGapSec: number };
  account: { name: string; kind: string; status: string };
}

const LIVE = new Set(["sending", "scheduled"]);

/**
 * Live progress: re-reads the progress route when the live stream says the campaign or its recipients changed (every
 * 4 s while the stream is down and the campaign is scheduled or sending); refreshes the page when counts move.
 */
export function ProgressPanel({ campaignId, initial, since }: { campaignId: string; initial: Progress; since: number }) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  const [stale, setStale] = useState<string | null>(null);
  const last = useRef(JSON.stringify([initial.status, initial.counts]));
  useEffect(() => setP(initial), [initial]);
  const reread = useCallback(async () => {
    try {
      const res = await fetch(`/api/campaigns/${campaignId}/progress`, { cache: "no-store" });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
      setP(body);
      setStale(null);
      const key = JSON.stringify([body.status, body.counts]);
      if (key !== last.current) {
        last.current = key;
        router.refresh();
      }
    } catch (err) {
      setStale(`Live updates paused: ${(err as Error).message}. Reload the page to try again.`);
    }
  }, [campaignId, router]);
  const c = p.counts;
  const pct = (n: number) => (c.total ? (n / c.total) * 100 : 0);
  return (
    <div data-testid="progress-panel">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-5">
        {(
          [
            ["Sent", c.sent, "text-green-700"],
            ["Pending", c.pending + c.sending, "text-slate-800"],
            ["Failed", c.failed, "text-red-700"],
            ["Skipped", c.skipped, "text-amber-700"],
            ["Total", c.total, "text-slate-800"],
          ] as const
        ).map(([label, n, tone]) => (
          <div key={label} className="rounded-md border border-slate-200 p-3">
            <p className="text-xs uppercase tracking-wide text-slate-500">{label}</p>
            <p className={`text-xl font-semibold ${tone}`} data-testid={`count-${label.toLowerCase()}`}>
              {n.toLocaleString("en")}
            </p>
          </div>
        ))}
      </div>
      <div className="mt-3 flex h-2 overflow-hidden rounded bg-slate-100" aria-hidden>
        <div className="bg-green-500" style={{ width: `${pct(c.sent)}%` }} />
        <div className="bg-red-500" style={{ width: `${pct(c.failed)}%` }} />
        <div className="bg-amber-400" style={{ width: `${pct(c.skipped)}%` }} />
      </div>
      <div className="mt-3 space-y-1 text-sm">
        {p.waitingFor && (
          <p data-testid="next-send" className="text-slate-800">
            {p.waitingFor}
          </p>
        )}
        {p.statusMessage && <p className={p.status === "paused" ? "text-amber-800" : "text-slate-600"}>{p.statusMessage}</p>}
        <p className="text-xs text-slate-500">
          {p.account.name}: at most {p.limits.perHour}/hour and {p.limits.perDay}/24 h across all its campaigns, {p.limits.minGapSec}–{p.limits.maxGapSec} s apart
          {p.sentLastHour !== null && ` · ${p.sentLastHour} in the last hour, ${p.sentLastDay} in the last 24 h`}
          {p.account.kind === "outbox" && " · kept in Settings → Mail outbox"}
        </p>
        <LiveProgress kinds={["campaign", "recipient"]} ids={[campaignId]} active={LIVE.has(p.status)} ms={4000} since={since} onChange={reread} />
        {stale && <p className="text-xs text-red-700">{stale}</p>}
      </div>
    </div>
  );
}
