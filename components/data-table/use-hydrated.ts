import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False while the server renders and while the browser hydrates that HTML, true on every render after (and on a
 * component mounted later, e.g. after a client-side navigation). For a list whose rows render in the browser only:
 * the server sends each row once, as data, instead of twice (as HTML and again as the data that HTML hydrates from).
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
