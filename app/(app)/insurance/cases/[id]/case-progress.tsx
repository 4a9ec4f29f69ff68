"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { LiveProgress } from "@/components/live-progress/live-progress";

interface Progress {
  status: string;
  statusMessage: string | null;
  total: number;
  done: number;
  working: boolean;
}

/**
 * The case's progress while it is being read and matched: re-read from its progress route when the live stream says
 * the case (or its rows) changed — or every 800 ms while the stream is down; re-renders the page when the status moves.
 */
export function CaseProgress({ caseId, initial, since }: { caseId: string; initial: Progress; since: number }) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  const last = useRef(initial.status);
  useEffect(() => setP(initial), [initial]);
  const reread = useCallback(async () => {
    try {
      const res = await fetch(`/api/insurance/cases/${caseId}/progress`, { cache: "no-store" });
      if (!res.ok) return;
      const next = (await res.json()) as Progress;
      setP(next);
      if (next.status !== last.current) {
        last.current = next.status;
        router.refresh();
      }
    } catch {
      // the next change (or poll) tries again
    }
  }, [caseId, router]);
  const live = <LiveProgress kinds={["case", "fleet_row"]} ids={[caseId]} active={p.working} ms={800} since={since} onChange={reread} />;
  if (!p.working) return live;
  const pct = p.total ? Math.round((p.done / p.total) * 100) : 0;
  return (
    <div className="mb-4 rounded-lg border border-blue-200 bg-blue-50 px-4 py-3 text-sm" aria-live="polite" data-testid="case-progress">
      <div className="flex justify-between">
        <span className="font-medium text-blue-900">{p.status === "received" ? "Reading the spreadsheet…" : "Matching vehicles against the catalog…"}</span>
        {live}
        <span className="tabular-nums text-blue-900">
          {p.done} / {p.total || "?"} rows
        </span>
      </div>
      <div className="mt-2 h-2 rounded bg-blue-100">
        <div className="h-2 rounded bg-blue-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
