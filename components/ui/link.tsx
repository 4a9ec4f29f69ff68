// eslint-disable-next-line no-restricted-imports -- the one place next/link is used: every in-app link goes through here
import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * Every in-app link (one way per thing: eslint refuses `next/link` elsewhere). Next's `<Link>` prefetches each link
 * that comes into view, and again on hover. Docket's pages are all rendered per request and have no `loading.js`, so
 * such a prefetch brings the router nothing it can show early, yet each costs the server a request (~3 ms of CPU):
 * a list page's 13–27 links cost its server several times the page itself (bench/pages.ts, docs/bench/pages.md).
 * Off here; `prefetch` may still be set where a prefetch pays (none does today).
 */
export function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
