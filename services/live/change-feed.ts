import { getDatabase } from "@/db";
import { env } from "@/lib/env";
import { ChangeHub } from "@/lib/live/hub";
import { listenForChanges, type ChangeListener } from "./listen-changes";

// One change feed per app process: the database listener feeding the hub every live stream subscribes to. Started
// by the first stream (and kept on globalThis so Next's dev reload reuses it rather than opening a second LISTEN).

interface Feed {
  hub: ChangeHub;
  listener: ChangeListener;
}

const g = globalThis as unknown as { __docketLiveFeed?: Promise<Feed> };

export function getChangeHub(): Promise<ChangeHub> {
  g.__docketLiveFeed ??= (async () => {
    const database = await getDatabase();
    const hub = new ChangeHub();
    const listener = await listenForChanges(database, env().DATABASE_URL, { onChange: (c) => hub.publish(c), onLost: () => hub.lost() });
    return { hub, listener };
  })().catch((err) => {
    g.__docketLiveFeed = undefined;
    throw err;
  });
  return g.__docketLiveFeed.then((f) => f.hub);
}
