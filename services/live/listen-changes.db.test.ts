import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import pg from "pg";
import type { Database } from "@/db/client";
import type { Change } from "@/db/notify";
import { documents, insuranceCases, memberships, runnerRuns, runnerSteps, users, workspaces } from "@/db/schema";
import { createTestDatabase } from "@/db/testing";
import { ChangeHub, type StampedChange } from "@/lib/live/hub";
import { listenForChanges, type ChangeListener } from "./listen-changes";
import { openChangeStream } from "./open-change-stream";

// The database announces its own status changes (triggers in migration 0012) and every listener hears them: two
// listeners stand for two app instances on PostgreSQL; on PGlite the one process listens in process.

let t: Database & { url?: string };
const ws = "ws-live";
const other = "ws-other";
const ownerId = "u-live-owner";
const outsiderId = "u-live-outsider";

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.insert(users).values([{ id: ownerId, email: "owner@live.test" }, { id: outsiderId, email: "out@live.test" }]);
  await t.db.insert(workspaces).values([{ id: ws, name: "Live" }, { id: other, name: "Other" }]);
  await t.db.insert(memberships).values([
    { workspaceId: ws, userId: ownerId, role: "owner" },
    { workspaceId: other, userId: outsiderId, role: "owner" },
  ]);
});
afterAll(async () => t?.close());

async function listener(seen: Change[], lost?: () => void): Promise<ChangeListener> {
  return listenForChanges(t, t.url, { onChange: (c) => seen.push(c), onLost: lost ?? (() => undefined) });
}

async function until(cond: () => boolean, ms = 3_000) {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

const doc = (id: string, workspaceId = ws) => ({ id, workspaceId, sha256: id, filename: `${id}.pdf`, contentType: "application/pdf", size: 1, blobKey: id, source: "upload" as const });

describe("live change feed", () => {
  it("announces inserts and status moves of documents, on commit only, to every listener", async () => {
    const a: Change[] = [];
    const b: Change[] = [];
    const la = await listener(a);
    const lb = await listener(b);
    try {
      await t.db.insert(documents).values(doc("d-live-1"));
      await t.db.update(documents).set({ status: "processing" }).where(eq(documents.id, "d-live-1"));
      await t.db.update(documents).set({ filename: "renamed.pdf" }).where(eq(documents.id, "d-live-1")); // not a status: silent
      await t.db
        .transaction(async (tx) => {
          await tx.update(documents).set({ status: "failed" }).where(eq(documents.id, "d-live-1"));
          throw new Error("roll back");
        })
        .catch(() => undefined);
      await t.db.update(documents).set({ status: "ready" }).where(eq(documents.id, "d-live-1"));
      await until(() => a.length >= 3 && b.length >= 3);
      await new Promise((r) => setTimeout(r, 100));
      const want = [
        { workspaceId: ws, entity: "document", id: "d-live-1", status: "queued" },
        { workspaceId: ws, entity: "document", id: "d-live-1", status: "processing" },
        { workspaceId: ws, entity: "document", id: "d-live-1", status: "ready" },
      ];
      expect(a).toEqual(want);
      // PGlite has one process: the second in-process listener hears the same; on PostgreSQL it is a second connection.
      expect(b).toEqual(want);
    } finally {
      await la.close();
      await lb.close();
    }
  });

  it("collapses a parent's many row changes in one transaction, and names runs of no workspace '*'", async () => {
    const seen: Change[] = [];
    const l = await listener(seen);
    try {
      const at = new Date();
      await t.db.insert(runnerRuns).values([
        { id: "run-ws", functionId: "f", workspaceId: ws, trigger: "e", event: {}, maxAttempts: 1, createdAt: at, updatedAt: at },
        { id: "run-sys", functionId: "cron", trigger: "cron(* * * * *)", event: {}, maxAttempts: 1, createdAt: at, updatedAt: at },
      ]);
      await t.db.transaction(async (tx) => {
        for (let i = 0; i < 20; i++) {
          await tx.insert(runnerSteps).values({ runId: "run-ws", hashedId: `h${i}`, stepId: `s${i}`, name: `s${i}`, op: "step", status: "completed", seq: i, updatedAt: at });
        }
      });
      await until(() => seen.length >= 3);
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toEqual([
        { workspaceId: ws, entity: "run", id: "run-ws", status: "queued" },
        { workspaceId: "*", entity: "run", id: "run-sys", status: "queued" },
        { workspaceId: ws, entity: "run", id: "run-ws", status: null },
      ]);
    } finally {
      await l.close();
    }
  });

  it("streams a change to the workspace's member within a tick, and nothing of another workspace", async () => {
    const hub = new ChangeHub();
    const l = await listenForChanges(t, t.url, { onChange: (c) => hub.publish(c), onLost: () => hub.lost() });
    const ac = new AbortController();
    try {
      const stream = await openChangeStream({ userId: ownerId, workspaceId: ws }, { signal: ac.signal }, { db: t.db, hub });
      const reader = stream.getReader();
      const decoder = new TextDecoder();
      let text = "";
      let next: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
      const read = async (want: RegExp) => {
        const end = Date.now() + 3_000;
        while (!want.test(text) && Date.now() < end) {
          next ??= reader.read();
          const r = await Promise.race([next, new Promise<null>((res) => setTimeout(() => res(null), 200))]);
          if (!r) continue;
          next = null;
          if (!r.done) text += decoder.decode(r.value, { stream: true });
        }
        return text;
      };
      expect(await read(/retry: 3000/)).toContain(": live");
      await t.db.insert(documents).values(doc("d-other", other));
      await t.db.insert(insuranceCases).values({ id: "case-live", workspaceId: ws, cotNumber: "COT-1", cotYear: 2026, cotSeq: 1, filename: "f.xlsx" });
      const out = await read(/case-live/);
      const changes = out
        .split("\n\n")
        .filter((f) => f.includes("event: change"))
        .flatMap((f) => (JSON.parse(f.split("data: ")[1]) as { changes: StampedChange[] }).changes);
      expect(changes.map((c) => [c.entity, c.id, c.status])).toEqual([["case", "case-live", "received"]]);
      expect(out).not.toContain("d-other");
      expect(hub.streams(ownerId)).toBe(1);
      ac.abort();
      expect(hub.streams(ownerId)).toBe(0);
    } finally {
      await l.close();
    }
  });

  it("refuses the stream to an outsider and to a signed-out caller", async () => {
    const hub = new ChangeHub();
    await expect(openChangeStream({ userId: outsiderId, workspaceId: ws }, {}, { db: t.db, hub })).rejects.toThrow(/not a member/);
    await expect(openChangeStream(null, {}, { db: t.db, hub })).rejects.toThrow(/Sign in/);
    expect(hub.streams()).toBe(0);
  });

  it.runIf(process.env.DOCKET_TEST_ENGINE === "postgres")("reconnects after its connection is killed and tells the hub changes may be lost", async () => {
    const seen: Change[] = [];
    let lost = 0;
    const l = await listener(seen, () => lost++);
    try {
      const admin = new pg.Client({ connectionString: t.url });
      await admin.connect();
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'docket-live' and datname = current_database()");
      await admin.end();
      await until(() => lost === 1 && l.listening, 5_000);
      expect(lost).toBe(1);
      await t.db.insert(documents).values(doc("d-after"));
      await until(() => seen.length > 0);
      expect(seen.map((c) => c.id)).toEqual(["d-after"]);
    } finally {
      await l.close();
    }
  });
});
