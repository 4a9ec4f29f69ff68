import type { RenderResult } from "@/lib/campaigns/template";

// One rendering of a campaign message for a recipient: the saved message on the campaign page (server) and
// the live preview of the "Edit message" form (client) show the same thing the same way.

/** Where the unsubscribe link goes in previews: the real one is signed per recipient at send time. */
export const PREVIEW_UNSUBSCRIBE_URL = "https://…/u/(signed link for this recipient)";

export function RenderedMessage({ result }: { result: RenderResult }) {
  if (!result.ok) return <p className="mt-2 text-amber-800">This recipient will be skipped: {result.reason}.</p>;
  const m = result.message;
  // a long link or address breaks anywhere rather than widening the page (a phone is 390 px wide)
  return (
    <>
      <p className="mt-2 font-medium [overflow-wrap:anywhere]">Subject: {m.subject}</p>
      {m.text && <pre className="mt-2 whitespace-pre-wrap rounded bg-slate-50 p-3 font-sans [overflow-wrap:anywhere]">{m.text}</pre>}
      {m.html && <iframe title="HTML preview" sandbox="" className="mt-2 h-64 w-full rounded border border-slate-200" srcDoc={m.html} />}
    </>
  );
}
