"use client";

import { useEffect } from "react";
import { SHOWN_WORKSPACE_HEADER } from "@/lib/auth/names";

// Every changing request a page sends says which workspace the page shows, so the server can refuse one that would
// land in another: the workspace is the browser's (a cookie), and a tab left showing X after another tab switched
// the browser to Y would otherwise act on Y — the notice over the page (WorkspaceTabGuard) comes too late for a
// request already on its way, or in a browser without BroadcastChannel. Server actions are sent with `fetch` by
// Next's router, which offers no way to add a header per call: this tab's `fetch` adds it to every same-origin
// request that is not a GET or HEAD. Uploads sent with XMLHttpRequest add `shownWorkspaceHeaders()` themselves.

let shown: string | null = null;
let installed = false;

/** The header naming the workspace this tab shows (empty before the frame has rendered). */
export function shownWorkspaceHeaders(): Record<string, string> {
  return shown ? { [SHOWN_WORKSPACE_HEADER]: shown } : {};
}

function tagChangingRequests() {
  if (installed) return;
  installed = true;
  const send = window.fetch.bind(window);
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : null;
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    if (!shown || method === "GET" || method === "HEAD") return send(input, init);
    const url = new URL(request ? request.url : String(input), window.location.href);
    if (url.origin !== window.location.origin) return send(input, init);
    const headers = new Headers(init?.headers ?? request?.headers);
    if (!headers.has(SHOWN_WORKSPACE_HEADER)) headers.set(SHOWN_WORKSPACE_HEADER, shown);
    return send(input, { ...init, headers });
  };
}

/** Rendered once by the signed-in frame with the workspace the page shows. */
export function ShownWorkspace({ id }: { id: string }) {
  useEffect(() => {
    shown = id;
    tagChangingRequests();
  }, [id]);
  return null;
}
