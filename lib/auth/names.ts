/** The cookie that holds the workspace a signed-in user acts on (set by the switcher and workspace actions). */
export const WORKSPACE_COOKIE = "docket_ws";
