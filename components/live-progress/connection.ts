// The browser side of the live stream (app/api/live): one EventSource per tab, shared by every LiveProgress on
// the page and kept across client navigations. It reconnects by itself — EventSource's own retry (which sends
// Last-Event-ID, so the server replays what was missed), a fresh connection with ?since=<last event> after a
// refusal (429, 5xx), and a fresh one when the heartbeat stops — and tells listeners whether the stream is up, so
// they can poll meanwhile.

export interface LiveChangeEvent {
  at: number;
  entity: string;
  id: string;
  status: string | null;
}

export interface LiveListener {
  /** The page was rendered at this server time: changes after it (already received) are replayed to it. */
  since?: number;
  onChanges(changes: LiveChangeEvent[]): void;
  /** The stream may have missed changes: re-read once. */
  onResync(): void;
  onState(up: boolean): void;
}

const HEARTBEAT_GRACE_MS = 45_000;
const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
const KEEP = 200;
/** A connection with no listener left stays open this long, so a client navigation does not reconnect. */
const LINGER_MS = 5_000;

class LiveConnection {
  private es: EventSource | null = null;
  private readonly listeners = new Set<LiveListener>();
  private up = false;
  /** Set by a server "bye": the user is no longer a member; do not reconnect. */
  private ended = false;
  private lastAt: number | null = null;
  private lastHeard = 0;
  private attempt = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private linger: ReturnType<typeof setTimeout> | null = null;
  private recent: LiveChangeEvent[] = [];

  add(l: LiveListener): () => void {
    this.listeners.add(l);
    if (this.linger) clearTimeout(this.linger);
    this.linger = null;
    if (l.since != null) {
      if (this.lastAt === null || l.since < this.lastAt) {
        const missed = this.recent.filter((c) => c.at > l.since!);
        if (missed.length) l.onChanges(missed);
      }
    }
    if (!this.es && !this.retry && !this.ended) this.open(l.since ?? null);
    l.onState(this.up);
    return () => {
      this.listeners.delete(l);
      if (this.listeners.size === 0) this.linger = setTimeout(() => this.close(), LINGER_MS);
    };
  }

  private open(since: number | null) {
    const from = this.lastAt !== null && since !== null ? Math.max(this.lastAt, since) : (this.lastAt ?? since);
    const es = new EventSource(`/api/live${from != null ? `?since=${from}` : ""}`);
    this.es = es;
    this.lastHeard = Date.now();
    es.onopen = () => {
      this.attempt = 0;
      this.heard();
      this.setUp(true);
    };
    es.addEventListener("change", (e) => {
      this.heard(e as MessageEvent);
      const { changes } = JSON.parse((e as MessageEvent).data) as { changes: LiveChangeEvent[] };
      this.recent = [...this.recent, ...changes].slice(-KEEP);
      for (const l of this.listeners) l.onChanges(changes);
    });
    es.addEventListener("resync", (e) => {
      this.heard(e as MessageEvent);
      for (const l of this.listeners) l.onResync();
    });
    es.addEventListener("ping", (e) => this.heard(e as MessageEvent));
    es.addEventListener("bye", () => {
      this.ended = true;
      this.close();
    });
    es.onerror = () => {
      this.setUp(false);
      // CONNECTING: EventSource retries by itself (with Last-Event-ID). CLOSED: it gave up (an error status).
      if (es.readyState === EventSource.CLOSED) this.reopenLater();
    };
    this.watchdog ??= setInterval(() => {
      if (this.es && Date.now() - this.lastHeard > HEARTBEAT_GRACE_MS) {
        this.setUp(false);
        this.reopenLater();
      }
    }, 5_000);
  }

  private heard(e?: MessageEvent) {
    this.lastHeard = Date.now();
    const id = e?.lastEventId ? Number(e.lastEventId) : NaN;
    if (Number.isFinite(id)) this.lastAt = id;
  }

  private setUp(up: boolean) {
    if (this.up === up) return;
    this.up = up;
    for (const l of this.listeners) l.onState(up);
  }

  private reopenLater() {
    this.es?.close();
    this.es = null;
    if (this.ended || this.retry || this.listeners.size === 0) return;
    const wait = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)];
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.listeners.size) this.open(null);
    }, wait);
  }

  private close() {
    this.es?.close();
    this.es = null;
    if (this.retry) clearTimeout(this.retry);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retry = null;
    this.watchdog = null;
    this.setUp(false);
  }
}

let shared: LiveConnection | null = null;

/** Listen to the workspace's live stream; returns the unsubscribe. */
export function listenLive(l: LiveListener): () => void {
  shared ??= new LiveConnection();
  return shared.add(l);
}
