/** The cookie that holds the workspace a signed-in user acts on (set by the switcher and workspace actions). */
export const WORKSPACE_COOKIE = "docket_ws";

/**
 * The header every changing request of a page carries: the workspace that page shows (components/shell/shown-workspace.ts).
 * The server refuses the request when it is not the cookie's workspace — a tab left showing one workspace after another
 * tab switched the browser to another (lib/action.ts, `assertShownWorkspace`).
 */
export const SHOWN_WORKSPACE_HEADER = "x-docket-workspace";
