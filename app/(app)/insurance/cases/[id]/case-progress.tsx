"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

interface Progress {
  status: string;
  statusMessage: string | null;
  total: number;
  done: number;
  working: boolean;
}

/** Polls the case's progress while it is being read and matched; re-renders the page when the status changes. */
export function CaseProgress({ caseId, initial }: { caseId: string; initial: Progress }) {
  const router = useRouter();
  const [p, setP] = useState(initial);
  const last = useRef(initial.status);
  useEffect(() => setP(initial), [initial]);
  useEffect(() => {
    if (!p.working) return;
    let stop = false;
    const tick = async () => {
      try {
        const res = await fetch(`/api/insurance/cases/${caseId}/progress`, { cache: "no-store" });
        if (res.ok) {
          const next = (await res.json()) as Progress;
          if (stop) return;
          setP(next);
          if (next.status !== last.current) {
            last.current = next.status;
            router.refresh();
          }
        }
      } catch {
        // the next tick tries again
      }
    };
    const t = setInterval(tick, 800);
    return () => {
      stop = true;
      clearInterval(t);
    };
  }, [caseId, p.working, router]);
  if (!p.working) return null;
  const pct = p.total ? Math.round((p.done / p.total) * 100) : 0;
  return (
    <div className="mb-4 rounded-lg border border-blue-200 bg-blue-50 px-4 py-3 text-sm" aria-live="polite" data-testid="case-progress">
      <div className="flex justify-between">
        <span className="font-medium text-blue-900">{p.status === "received" ? "Reading the spreadsheet…" : "Matching vehicles against the catalog…"}</span>
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
