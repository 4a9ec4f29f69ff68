"use client";

import dynamic from "next/dynamic";

/**
 * The PDF viewer, loaded in the browser only: pdf.js draws on a canvas there, and on the server it would be loaded
 * into every process at start (`next start` preloads each route's modules) for nothing.
 */
export const PdfPages = dynamic(() => import("./pdf-pages").then((m) => m.PdfPages), {
  ssr: false,
  loading: () => (
    <div className="min-h-0 flex-1 overflow-auto bg-slate-100 p-3">
      <p className="text-sm text-slate-500">Loading the document…</p>
    </div>
  ),
});
