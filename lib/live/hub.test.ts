import { describe, expect, it } from "vitest";
import { ChangeHub, TooManyStreamsError, type StampedChange } from "./hub";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, tick: (ms: number) => (t += ms) };
}

function sub(userId: string, workspaceId: string, seesSystem = false) {
  const got: (StampedChange[] | "resync")[] = [];
  return { got, userId, workspaceId, seesSystem, deliver: (c: StampedChange[] | "resync") => got.push(c) };
}

describe("ChangeHub", () => {
  it("delivers a workspace's changes to its streams only, and runs of no workspace to admins only", () => {
    const hub = new ChangeHub();
    const a = sub("u1", "w1");
    const admin = sub("u2", "w1", true);
    const b = sub("u3", "w2");
    [a, admin, b].forEach((s) => hub.subscribe(s));
    hub.publish({ workspaceId: "w1", entity: "document", id: "d1", status: "ready" });
    hub.publish({ workspaceId: "*", entity: "run", id: "r1", status: "running" });
    expect(a.got.flat().map((c) => (c as StampedChange).id)).toEqual(["d1"]);
    expect(admin.got.flat().map((c) => (c as StampedChange).id)).toEqual(["d1", "r1"]);
    expect(b.got).toEqual([]);
  });

  it("caps streams per user and frees the slot on unsubscribe", () => {
    const hub = new ChangeHub({ maxPerUser: 2 });
    const one = hub.subscribe(sub("u1", "w1"));
    hub.subscribe(sub("u1", "w1"));
    expect(() => hub.subscribe(sub("u1", "w1"))).toThrow(TooManyStreamsError);
    hub.subscribe(sub("u2", "w1")); // another user is not affected
    one.unsubscribe();
    one.unsubscribe(); // twice is once
    expect(hub.streams("u1")).toBe(1);
    expect(() => hub.subscribe(sub("u1", "w1"))).not.toThrow();
  });

  it("replays what came after `since`, and says resync when it cannot know", () => {
    const c = clock();
    const hub = new ChangeHub({ now: c.now, keepMs: 60_000 });
    const start = c.now();
    c.tick(10);
    hub.publish({ workspaceId: "w1", entity: "document", id: "d1", status: "processing" });
    c.tick(10);
    hub.publish({ workspaceId: "w2", entity: "document", id: "x", status: "ready" });
    hub.publish({ workspaceId: "w1", entity: "document", id: "d1", status: "ready" });
    const seen = hub.subscribe(sub("u1", "w1"), start + 10).missed as StampedChange[];
    expect(seen.map((s) => s.status)).toEqual(["ready"]);
    expect(hub.subscribe(sub("u1", "w1"), start + 5).missed).toHaveLength(2);
    expect(hub.subscribe(sub("u1", "w1"), start - 1).missed).toBe("resync"); // before the hub started
    c.tick(61_000); // the kept changes expire
    expect(hub.subscribe(sub("u2", "w1"), start + 15).missed).toBe("resync");
    expect(hub.subscribe(sub("u2", "w1"), c.now() - 1).missed).toEqual([]);
  });

  it("keeps at most keepMax changes: a replay from before the dropped ones is a resync", () => {
    const c = clock();
    const hub = new ChangeHub({ now: c.now, keepMax: 100 });
    const start = c.now();
    for (let i = 0; i < 250; i++) {
      c.tick(1);
      hub.publish({ workspaceId: "w1", entity: "run", id: `r${i}`, status: null });
    }
    expect(hub.subscribe(sub("u1", "w1"), start + 1).missed).toBe("resync");
    const recent = hub.subscribe(sub("u1", "w1"), c.now() - 50).missed as StampedChange[];
    expect(recent.map((x) => x.id)).toEqual(Array.from({ length: 50 }, (_, i) => `r${200 + i}`));
  });

  it("tells every stream to resync when the feed lost changes, and replays nothing from before the gap", () => {
    const c = clock();
    const hub = new ChangeHub({ now: c.now });
    const s = sub("u1", "w1");
    hub.subscribe(s);
    c.tick(5);
    hub.lost();
    expect(s.got).toEqual(["resync"]);
    expect(hub.subscribe(sub("u1", "w1"), c.now() - 1).missed).toBe("resync");
  });
});
