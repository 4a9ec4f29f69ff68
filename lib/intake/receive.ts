import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { UserError } from "@/lib/errors";
import { tooLargeMessage } from "./too-large";

// An upload's bytes, taken off the request as a stream: written to a staging file as they arrive, refused the
// moment they pass the limit (never held whole in memory, never read past the limit), and removed when done.

export const stagingDir = () => path.join(os.tmpdir(), "docket-incoming");

export interface StagedUpload {
  name: string;
  file: string;
  size: number;
  read(): Promise<Buffer>;
  discard(): Promise<void>;
}

export async function stageUpload(
  body: ReadableStream<Uint8Array> | null,
  opts: { name: string; maxBytes: number; declaredBytes?: number | null; dir?: string },
): Promise<StagedUpload> {
  if (opts.declaredBytes != null && opts.declaredBytes > opts.maxBytes) {
    throw new UserError(tooLargeMessage(opts.name, opts.declaredBytes, opts.maxBytes), "too_large");
  }
  if (!body) throw new UserError(`"${opts.name}" arrived empty: choose the file again.`);
  const dir = opts.dir ?? stagingDir();
  await fs.promises.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}.part`);
  const out = await fs.promises.open(file, "w");
  let size = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > opts.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new UserError(tooLargeMessage(opts.name, null, opts.maxBytes), "too_large");
      }
      await out.write(value);
    }
  } catch (err) {
    await out.close();
    await fs.promises.rm(file, { force: true });
    throw err;
  }
  await out.close();
  if (size === 0) {
    await fs.promises.rm(file, { force: true });
    throw new UserError(`"${opts.name}" is empty (0 bytes): nothing to take in.`);
  }
  return {
    name: opts.name,
    file,
    size,
    read: () => fs.promises.readFile(file),
    discard: () => fs.promises.rm(file, { force: true }),
  };
}

/** Staging files a killed process left behind (older than `olderThanMs`). */
export async function removeStaleStaging(olderThanMs = 3_600_000, dir = stagingDir()): Promise<number> {
  let removed = 0;
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    const f = path.join(dir, n);
    const st = await fs.promises.stat(f).catch(() => null);
    if (st && Date.now() - st.mtimeMs > olderThanMs) {
      await fs.promises.rm(f, { force: true });
      removed++;
    }
  }
  return removed;
}
