"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Renders pages of a stored PDF with pdf.js in the browser (the same library the server reads text with), so the
 * page sits beside the fields in every browser, with no plugin. Falls back to a link when the file cannot be drawn.
 */
export function PdfPages({ src, from, to, title }: { src: string; from: number; to: number; title: string }) {
  const holder = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "error">("loading");
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | undefined;
    (async () => {
      try {
        const pdfjs = await import("pdfjs-dist");
        pdfjs.GlobalWorkerOptions.workerSrc = "/api/pdf-worker";
        const doc = await pdfjs.getDocument({ url: src, isEvalSupported: false }).promise;
        destroy = () => void doc.destroy();
        const el = holder.current;
        if (!el || cancelled) return;
        el.replaceChildren();
        const last = Math.min(to, doc.numPages);
        for (let n = Math.max(1, from); n <= last; n++) {
          const page = await doc.getPage(n);
          const width = el.clientWidth || 700;
          const base = page.getViewport({ scale: 1 });
          const scale = (width / base.width) * (window.devicePixelRatio || 1);
          const viewport = page.getViewport({ scale });
          const canvas = document.createElement("canvas");
          canvas.width = viewport.width;
          canvas.height = viewport.height;
          canvas.style.width = "100%";
          canvas.setAttribute("role", "img");
          canvas.setAttribute("aria-label", `${title}, page ${n}`);
          canvas.dataset.page = String(n);
          canvas.className = "mb-3 border border-slate-200 shadow-sm";
          el.appendChild(canvas);
          await page.render({ canvasContext: canvas.getContext("2d")!, viewport }).promise;
          if (cancelled) return;
        }
        setState("ready");
      } catch (err) {
        if (!cancelled) {
          setState("error");
          setMessage((err as Error).message);
        }
      }
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [src, from, to, title]);

  return (
    <div className="min-h-0 flex-1 overflow-auto bg-slate-100 p-3">
      {state === "loading" && <p className="text-sm text-slate-500">Loading the document…</p>}
      {state === "error" && (
        <p role="alert" className="text-sm text-red-700">
          This document cannot be shown here ({message}).{" "}
          <a className="underline" href={src} target="_blank" rel="noreferrer">
            Open it
          </a>
          .
        </p>
      )}
      <div ref={holder} data-testid="pdf-pages" />
    </div>
  );
}
