import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { removeStaleStaging, stageUpload } from "./receive";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-stage-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A body of `chunks` chunks of 1 MiB, counting how many the reader pulled. */
function body(chunks: number) {
  const pulled = { n: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled.n === chunks) return c.close();
      pulled.n++;
      c.enqueue(new Uint8Array(1024 * 1024).fill(pulled.n));
    },
  }, { highWaterMark: 0 });
  return { stream, pulled };
}

describe("stageUpload", () => {
  it("streams a body under the limit to a staging file and removes it when discarded", async () => {
    const { stream } = body(3);
    const staged = await stageUpload(stream, { name: "scan.pdf", maxBytes: 5 * 1024 * 1024, dir });
    expect(staged.size).toBe(3 * 1024 * 1024);
    const bytes = await staged.read();
    expect(bytes[0]).toBe(1);
    expect(bytes[bytes.length - 1]).toBe(3);
    await staged.discard();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("stops reading as soon as the body passes the limit, names the file and the limit, and leaves nothing behind", async () => {
    const { stream, pulled } = body(100);
    const err = await stageUpload(stream, { name: "batch.zip", maxBytes: 5 * 1024 * 1024, dir }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: "too_large" });
    expect((err as Error).message).toMatch(/^"batch\.zip" is over the limit; files can be at most 5 MB each\. Split the zip/);
    expect(pulled.n).toBeLessThanOrEqual(7);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("refuses a declared size over the limit before reading anything", async () => {
    const { stream, pulled } = body(1);
    const err = await stageUpload(stream, { name: "big.pdf", maxBytes: 25 * 1024 * 1024, declaredBytes: 31 * 1024 * 1024, dir }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^"big\.pdf" is 31\.0 MB; files can be at most 25 MB each\./);
    expect(pulled.n).toBe(0);
  });

  it("an empty body is refused with the file's name", async () => {
    await expect(stageUpload(body(0).stream, { name: "empty.pdf", maxBytes: 1024, dir })).rejects.toThrow(/"empty\.pdf" is empty/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("removes staging files a killed process left behind, not fresh ones", async () => {
    const old = path.join(dir, "old.part");
    const fresh = path.join(dir, "fresh.part");
    fs.writeFileSync(old, "x");
    fs.writeFileSync(fresh, "x");
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(old, hourAgo, hourAgo);
    expect(await removeStaleStaging(3_600_000, dir)).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(["fresh.part"]);
    fs.rmSync(fresh);
  });
});
