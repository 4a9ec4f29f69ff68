"use client";

import { useEffect, useRef } from "react";

/** A page's text with the cited passage marked and scrolled into view. */
export function PageText({ text, hl }: { text: string; hl: { start: number; end: number } | null }) {
  const mark = useRef<HTMLElement>(null);
  useEffect(() => {
    mark.current?.scrollIntoView({ block: "center" });
  }, [hl?.start, hl?.end]);
  const valid = hl && hl.start >= 0 && hl.end <= text.length && hl.end > hl.start;
  return (
    <pre className="max-h-[60vh] overflow-auto whitespace-pre-wrap font-sans text-sm leading-relaxed text-slate-800" data-testid="page-text">
      {valid ? (
        <>
          {text.slice(0, hl.start)}
          <mark ref={mark} className="rounded bg-yellow-200 px-0.5" data-testid="highlight">
            {text.slice(hl.start, hl.end)}
          </mark>
          {text.slice(hl.end)}
        </>
      ) : (
        text
      )}
    </pre>
  );
}
