/**
 * Which workspace a request is about, from the workspace cookie and the user's memberships (in their order):
 *  - `shown`: what a page shows — the cookie's workspace when the user is in it, else their first one;
 *  - `actsOn`: what a change (server action, route handler) acts on — the cookie's workspace even when the user is no
 *    longer in it, so the role check refuses the change ("not a member") instead of making it in another workspace:
 *    a page left open in a workspace the person was removed from must not rename, invite or upload into their own;
 *  - `lost`: the cookie names a workspace the user is not in (removed since, or tampered with); the page frame then
 *    points the cookie at `shown`, so the next change acts where the page is.
 */
export function chooseWorkspace<M extends { workspaceId: string }>(memberships: M[], cookie: string | null | undefined) {
  const named = cookie ? memberships.find((m) => m.workspaceId === cookie) : undefined;
  const lost = Boolean(cookie) && !named;
  const shown = named ?? memberships[0];
  return { shown, actsOn: lost ? cookie! : (shown?.workspaceId ?? null), lost };
}
