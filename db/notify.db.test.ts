import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Database } from "./client";
import { createTestDatabase } from "./testing";
import { CHANGES_CHANNEL, notifyChange, parseChange, type Change } from "./notify";

let t: Database;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.close());

async function listen(onChange: (c: Change) => void): Promise<() => Promise<void>> {
  if (t.pglite) {
    const stop = await t.pglite.listen(CHANGES_CHANNEL, (p) => {
      const c = parseChange(p);
      if (c) onChange(c);
    });
    return stop;
  }
  const client = await t.pool!.connect();
  client.on("notification", (n) => {
    const c = parseChange(n.payload ?? "");
    if (c) onChange(c);
  });
  await client.query(`listen ${CHANGES_CHANNEL}`);
  return async () => {
    await client.query(`unlisten ${CHANGES_CHANNEL}`);
    client.release();
  };
}

describe("notifyChange", () => {
  it("announces a change on commit and not on rollback", async () => {
    const seen: Change[] = [];
    const stop = await listen((c) => seen.push(c));
    await t.db.transaction(async (tx) => {
      await notifyChange(tx, { workspaceId: "w1", entity: "document", id: "d1", status: "ready" });
    });
    await t.db
      .transaction(async (tx) => {
        await notifyChange(tx, { workspaceId: "w1", entity: "document", id: "d2", status: "failed" });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await t.db.execute(sql`select 1`);
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    await stop();
    expect(seen).toEqual([{ workspaceId: "w1", entity: "document", id: "d1", status: "ready" }]);
  });

  it("ignores payloads that are not changes", () => {
    expect(parseChange("not json")).toBeNull();
    expect(parseChange(JSON.stringify({ entity: "document" }))).toBeNull();
  });
});
