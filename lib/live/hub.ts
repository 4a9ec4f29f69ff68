// The change hub of one app instance: the database's change feed (services/live/change-feed.ts) publishes into it,
// each open live stream (app/api/live) subscribes for one workspace. It keeps the last changes for a short while so
// a stream that reconnects (EventSource's Last-Event-ID) or a page that opens its stream a moment after it was
// rendered gets what it missed; when it cannot know (too long ago, or the feed itself was down) it says "resync".
// Pure: no database, no timers of its own; the clock is injectable for tests.

/** A status change as the database announces it (db/notify.ts): workspaceId "*" for runs of no workspace. */
export interface LiveChange {
  workspaceId: string;
  entity: string;
  id: string;
  status?: string | null;
}

/** A change as streams see it: stamped with the instance's receive time (its event id). */
export interface StampedChange {
  at: number;
  entity: string;
  id: string;
  status: string | null;
}

export interface Subscriber {
  userId: string;
  workspaceId: string;
  /** Admins and owners also get runs of no workspace (cron, system), which Background jobs shows them. */
  seesSystem: boolean;
  deliver(changes: StampedChange[] | "resync"): void;
}

export class TooManyStreamsError extends Error {
  override name = "TooManyStreamsError";
}

export interface HubOptions {
  /** Open streams one user may hold on this instance (each browser tab holds one). */
  maxPerUser?: number;
  /** How long changes are kept for replay. */
  keepMs?: number;
  /** At most this many changes kept; older ones make a replay from before them a "resync". */
  keepMax?: number;
  now?: () => number;
}

export const MAX_STREAMS_PER_USER = 8;

export class ChangeHub {
  private readonly subs = new Map<string, Set<Subscriber>>();
  private readonly perUser = new Map<string, number>();
  private recent: (StampedChange & { workspaceId: string })[] = [];
  /** Replays cannot reach before this: the hub's start, the last gap in the feed, or the oldest change dropped. */
  private horizon: number;
  private readonly maxPerUser: number;
  private readonly keepMs: number;
  private readonly keepMax: number;
  private readonly now: () => number;

  constructor(opts: HubOptions = {}) {
    this.maxPerUser = opts.maxPerUser ?? MAX_STREAMS_PER_USER;
    this.keepMs = opts.keepMs ?? 120_000;
    this.keepMax = opts.keepMax ?? 2_000;
    this.now = opts.now ?? Date.now;
    this.horizon = this.now();
  }

  /**
   * Add a stream. `since` (epoch ms) asks for what changed after that moment: the changes, or "resync" when the hub
   * cannot know. Throws TooManyStreamsError past the per-user cap.
   */
  subscribe(sub: Subscriber, since?: number | null): { unsubscribe: () => void; missed: StampedChange[] | "resync" } {
    const held = this.perUser.get(sub.userId) ?? 0;
    if (held >= this.maxPerUser) {
      throw new TooManyStreamsError(`${held} live streams are open for this user (at most ${this.maxPerUser}); close a tab or wait for one to time out.`);
    }
    this.perUser.set(sub.userId, held + 1);
    let set = this.subs.get(sub.workspaceId);
    if (!set) this.subs.set(sub.workspaceId, (set = new Set()));
    set.add(sub);
    let done = false;
    const unsubscribe = () => {
      if (done) return;
      done = true;
      const s = this.subs.get(sub.workspaceId);
      s?.delete(sub);
      if (s && s.size === 0) this.subs.delete(sub.workspaceId);
      const n = (this.perUser.get(sub.userId) ?? 1) - 1;
      if (n > 0) this.perUser.set(sub.userId, n);
      else this.perUser.delete(sub.userId);
    };
    return { unsubscribe, missed: since == null ? [] : this.replay(sub, since) };
  }

  private replay(sub: Subscriber, since: number): StampedChange[] | "resync" {
    this.trim();
    if (since < this.horizon) return "resync";
    return this.recent.filter((c) => c.at > since && this.visible(sub, c.workspaceId)).map(strip);
  }

  private visible(sub: Subscriber, workspaceId: string) {
    return workspaceId === sub.workspaceId || (workspaceId === "*" && sub.seesSystem);
  }

  /** A change from the feed: kept for replay and delivered to the streams of its workspace. */
  publish(change: LiveChange): void {
    const stamped = { at: this.now(), workspaceId: change.workspaceId, entity: change.entity, id: change.id, status: change.status ?? null };
    this.recent.push(stamped);
    this.trim();
    const targets = change.workspaceId === "*" ? [...this.subs.values()].flatMap((s) => [...s].filter((x) => x.seesSystem)) : [...(this.subs.get(change.workspaceId) ?? [])];
    for (const sub of targets) sub.deliver([strip(stamped)]);
  }

  /** The feed lost its connection: changes in the gap are unknown, so every stream is told to resync. */
  lost(): void {
    this.horizon = this.now();
    this.recent = [];
    for (const set of this.subs.values()) for (const sub of set) sub.deliver("resync");
  }

  /** Open streams, per user (for tests and metrics). */
  streams(userId?: string): number {
    if (userId) return this.perUser.get(userId) ?? 0;
    let n = 0;
    for (const s of this.subs.values()) n += s.size;
    return n;
  }

  private trim() {
    const cutoff = this.now() - this.keepMs;
    let drop = 0;
    while (drop < this.recent.length && this.recent[drop].at < cutoff) drop++;
    // past the cap, drop a slice at a time (not one per change: a burst of thousands would copy the list each time)
    if (this.recent.length - drop > this.keepMax) drop = Math.max(drop, this.recent.length - Math.floor(this.keepMax * 0.75));
    if (drop > 0) {
      this.horizon = Math.max(this.horizon, this.recent[drop - 1].at);
      this.recent = this.recent.slice(drop);
    }
  }
}

function strip(c: StampedChange & { workspaceId: string }): StampedChange {
  return { at: c.at, entity: c.entity, id: c.id, status: c.status };
}
