// One workspace per browser (a cookie), many tabs: a tab that switches or creates a workspace says so here, so the
// other open tabs of this browser know their page now acts on another workspace than the one it shows.
const CHANNEL = "docket-workspace";
// a tab's own announcements reach its other listeners too (a channel only skips the object that sent): this tells them apart
const THIS_TAB = Math.random().toString(36).slice(2);

/** Tell this browser's other tabs that `workspaceId` is now the browser's workspace. */
export function announceWorkspace(workspaceId: string) {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ workspaceId, from: THIS_TAB });
  channel.close();
}

/** Calls `onChange` with the workspace another tab of this browser switched to; returns the unsubscribe. */
export function onWorkspaceAnnounced(onChange: (workspaceId: string) => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent<{ workspaceId?: unknown; from?: unknown }>) => {
    if (typeof e.data?.workspaceId === "string" && e.data.from !== THIS_TAB) onChange(e.data.workspaceId);
  };
  return () => channel.close();
}
