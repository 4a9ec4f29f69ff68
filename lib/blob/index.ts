import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { del as vercelDel, get as vercelGet, list as vercelList, put as vercelPut } from "@vercel/blob";

// File bytes behind one small interface: a local folder by default, Vercel Blob (private) with a token.
export interface BlobStore {
  readonly kind: "local" | "vercel";
  put(key: string, data: Buffer | Uint8Array, contentType: string): Promise<void>;
  /** The bytes as a web stream, or null if there is no such blob. */
  stream(key: string): Promise<ReadableStream<Uint8Array> | null>;
  read(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
  /** Every blob whose key starts with `prefix` (a workspace's files: `<workspaceId>/`), gone. */
  deletePrefix(prefix: string): Promise<void>;
}

const safeKey = (key: string) => {
  if (!/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/.test(key) || key.includes("..")) throw new Error(`Invalid blob key: ${key}`);
  return key;
};

/** Where a local store writes a blob before renaming it into place (one folder, so leftovers are easy to sweep). */
const TMP_DIR = ".tmp";

export function localBlobStore(root: string): BlobStore {
  const file = (key: string) => path.join(root, safeKey(key));
  return {
    kind: "local",
    async put(key, data) {
      const f = file(key);
      await fs.promises.mkdir(path.dirname(f), { recursive: true });
      await fs.promises.mkdir(path.join(root, TMP_DIR), { recursive: true });
      const tmp = path.join(root, TMP_DIR, `${process.pid}-${randomUUID()}`);
      try {
        await fs.promises.writeFile(tmp, data);
        await fs.promises.rename(tmp, f);
      } catch (err) {
        await fs.promises.rm(tmp, { force: true });
        throw err;
      }
    },
    async stream(key) {
      const f = file(key);
      if (!fs.existsSync(f)) return null;
      return Readable.toWeb(fs.createReadStream(f)) as ReadableStream<Uint8Array>;
    },
    async read(key) {
      try {
        return await fs.promises.readFile(file(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
    },
    async delete(key) {
      await fs.promises.rm(file(key), { force: true });
    },
    async deletePrefix(prefix) {
      if (!prefix.endsWith("/")) throw new Error(`Delete by folder only (a prefix ending in "/"): ${prefix}`);
      await fs.promises.rm(file(prefix), { recursive: true, force: true });
    },
  };
}

/** Half-written blobs of a process killed mid-write (older than `olderThanMs`, so a live writer's are kept). */
export async function removeStaleBlobTemps(root: string, olderThanMs = 600_000): Promise<number> {
  const dir = path.join(root, TMP_DIR);
  let removed = 0;
  for (const n of await fs.promises.readdir(dir).catch(() => [] as string[])) {
    const st = await fs.promises.stat(path.join(dir, n)).catch(() => null);
    if (st && Date.now() - st.mtimeMs > olderThanMs) {
      await fs.promises.rm(path.join(dir, n), { force: true });
      removed++;
    }
  }
  return removed;
}

export function vercelBlobStore(token: string): BlobStore {
  const opts = { token, access: "private" as const };
  return {
    kind: "vercel",
    async put(key, data, contentType) {
      await vercelPut(safeKey(key), Buffer.from(data), { ...opts, contentType, addRandomSuffix: false, allowOverwrite: true });
    },
    async stream(key) {
      const r = await vercelGet(safeKey(key), opts);
      return r && r.statusCode === 200 ? r.stream : null;
    },
    async read(key) {
      const s = await this.stream(key);
      if (!s) return null;
      return Buffer.from(await new Response(s).arrayBuffer());
    },
    async delete(key) {
      await vercelDel(safeKey(key), { token });
    },
    async deletePrefix(prefix) {
      if (!prefix.endsWith("/")) throw new Error(`Delete by folder only (a prefix ending in "/"): ${prefix}`);
      let cursor: string | undefined;
      do {
        const page = await vercelList({ prefix: safeKey(prefix), token, cursor, limit: 1000 });
        if (page.blobs.length) await vercelDel(page.blobs.map((b) => b.url), { token });
        cursor = page.hasMore ? page.cursor : undefined;
      } while (cursor);
    },
  };
}

const g = globalThis as unknown as { __docketBlobs?: BlobStore };

export async function getBlobStore(): Promise<BlobStore> {
  if (!g.__docketBlobs) {
    const { env } = await import("@/lib/env");
    const e = env();
    g.__docketBlobs = e.BLOB_READ_WRITE_TOKEN
      ? vercelBlobStore(e.BLOB_READ_WRITE_TOKEN)
      : localBlobStore(path.join(e.DOCKET_DATA_DIR, "blobs"));
  }
  return g.__docketBlobs;
}
