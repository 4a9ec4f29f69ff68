import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localBlobStore, removeStaleBlobTemps } from "./index";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "docket-blobs-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("local blob store", () => {
  it("writes through a temp file that leaves nothing beside the blob", async () => {
    const store = localBlobStore(root);
    await store.put("ws/doc.pdf", Buffer.from("%PDF-1.4"), "application/pdf");
    expect((await store.read("ws/doc.pdf"))?.toString()).toBe("%PDF-1.4");
    expect(fs.readdirSync(path.join(root, "ws"))).toEqual(["doc.pdf"]);
    expect(fs.readdirSync(path.join(root, ".tmp"))).toEqual([]);
  });

  it("sweeps half-written blobs a killed process left, and keeps a live writer's", async () => {
    const dir = path.join(root, ".tmp");
    fs.writeFileSync(path.join(dir, "123-dead"), "half");
    fs.writeFileSync(path.join(dir, "456-live"), "half");
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(path.join(dir, "123-dead"), old, old);
    expect(await removeStaleBlobTemps(root)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(["456-live"]);
  });
});
