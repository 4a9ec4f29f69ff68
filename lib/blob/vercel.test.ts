import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { Agent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vercelBlobStore } from "./index";

// Vercel Blob through the real @vercel/blob client against a local server that speaks its HTTP API:
// PUT {api}/?pathname=… to store, GET https://<store>.private.blob.vercel-storage.com/<pathname> to read (routed to
// the local server at the connection level, like a hosts-file entry), POST {api}/delete to remove, GET {api}?prefix=…
// to list in pages (ordered by pathname; the cursor names the last one given, so deleting a page moves nothing).

const TOKEN = "vercel_blob_rw_teststore123_secretpart";
const stored = new Map<string, { body: Buffer; contentType: string }>();
const seen: string[] = [];
/** The most blobs one list page returns, whatever the client asks (the real API caps `limit` too). */
const LIST_PAGE_MAX = 3;
let server: http.Server;
let previous: Dispatcher;
let previousApi: string | undefined;

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url!, "http://local");
    seen.push(`${req.method} ${req.headers.host} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`) {
      res.writeHead(403, { "content-type": "application/json" }).end(JSON.stringify({ error: { code: "forbidden", message: "bad token" } }));
      return;
    }
    if (req.method === "PUT" && url.pathname.startsWith("/api/blob")) {
      const pathname = url.searchParams.get("pathname")!;
      stored.set(pathname, { body, contentType: String(req.headers["x-content-type"] ?? "application/octet-stream") });
      const blobUrl = `https://teststore123.private.blob.vercel-storage.com/${pathname}`;
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({ url: blobUrl, downloadUrl: `${blobUrl}?download=1`, pathname, contentType: "application/pdf", contentDisposition: "inline", etag: "\"1\"" }),
      );
      return;
    }
    if (req.method === "GET" && (url.pathname === "/api/blob" || url.pathname === "/api/blob/")) {
      const prefix = url.searchParams.get("prefix") ?? "";
      const after = url.searchParams.get("cursor") ? Buffer.from(url.searchParams.get("cursor")!, "base64url").toString() : "";
      const limit = Math.min(Number(url.searchParams.get("limit") ?? 1000), LIST_PAGE_MAX);
      const names = [...stored.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
      const page = names.slice(0, limit);
      const hasMore = names.length > limit;
      const blobs = page.map((pathname) => {
        const blobUrl = `https://teststore123.private.blob.vercel-storage.com/${pathname}`;
        return { url: blobUrl, downloadUrl: `${blobUrl}?download=1`, pathname, size: stored.get(pathname)!.body.length, uploadedAt: new Date().toISOString(), etag: "\"1\"" };
      });
      const cursor = hasMore ? Buffer.from(page[page.length - 1]).toString("base64url") : undefined;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ blobs, cursor, hasMore }));
      return;
    }
    if (req.method === "POST" && url.pathname === "/api/blob/delete") {
      const { urls } = JSON.parse(body.toString()) as { urls: string[] };
      for (const u of urls) stored.delete(u.startsWith("http") ? new URL(u).pathname.slice(1) : u);
      res.writeHead(200, { "content-type": "application/json" }).end("null");
      return;
    }
    if (req.method === "GET" && String(req.headers.host).endsWith(".blob.vercel-storage.com")) {
      const hit = stored.get(url.pathname.slice(1));
      if (!hit) {
        res.writeHead(404).end("not found");
        return;
      }
      res
        .writeHead(200, { "content-type": hit.contentType, "content-length": hit.body.length, etag: "\"1\"", "last-modified": new Date().toUTCString() })
        .end(hit.body);
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  previousApi = process.env.VERCEL_BLOB_API_URL;
  process.env.VERCEL_BLOB_API_URL = `http://127.0.0.1:${port}/api/blob`;
  previous = getGlobalDispatcher();
  // Every connection (including https://<store>.blob.vercel-storage.com) goes to the local server in plain HTTP.
  setGlobalDispatcher(new Agent({ connect: (_opts, cb) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => cb(null, socket));
    socket.once("error", (e) => cb(e, null));
  } }));
});

afterAll(async () => {
  setGlobalDispatcher(previous);
  if (previousApi === undefined) delete process.env.VERCEL_BLOB_API_URL;
  else process.env.VERCEL_BLOB_API_URL = previousApi;
  await new Promise((r) => server.close(r));
});

describe("vercelBlobStore", () => {
  it("puts, reads back, streams and deletes private blobs", async () => {
    const store = vercelBlobStore(TOKEN);
    const bytes = Buffer.from("%PDF-1.4 hello");
    await store.put("ws1/abc", bytes, "application/pdf");
    expect(stored.get("ws1/abc")?.body.toString()).toBe("%PDF-1.4 hello");
    expect((await store.read("ws1/abc"))?.toString()).toBe("%PDF-1.4 hello");
    const stream = await store.stream("ws1/abc");
    expect(Buffer.from(await new Response(stream).arrayBuffer()).toString()).toBe("%PDF-1.4 hello");
    expect(await store.read("ws1/missing")).toBeNull();
    await store.delete("ws1/abc");
    expect(stored.has("ws1/abc")).toBe(false);
    expect(seen.some((s) => s.startsWith("GET teststore123.private.blob.vercel-storage.com /ws1/abc"))).toBe(true);
  });

  it("deletes a workspace's folder over several list pages and leaves other folders alone", async () => {
    const store = vercelBlobStore(TOKEN);
    for (let i = 0; i < 8; i++) await store.put(`wsgone/doc-${i}`, Buffer.from(`d${i}`), "application/pdf");
    await store.put("wsgone/exports/quote.xlsx", Buffer.from("x"), "application/octet-stream");
    await store.put("wsgone2/keep", Buffer.from("k"), "application/pdf");
    await store.put("wskeep/doc-0", Buffer.from("k"), "application/pdf");
    const listsBefore = seen.filter((s) => /^GET \S+ \/api\/blob\/?$/.test(s)).length;
    await store.deletePrefix("wsgone/");
    expect([...stored.keys()].filter((k) => k.startsWith("wsgone/"))).toEqual([]);
    expect(stored.has("wsgone2/keep")).toBe(true);
    expect(stored.has("wskeep/doc-0")).toBe(true);
    // 9 blobs at 3 a page: the folder was walked page by page, not read from its first page only
    expect(seen.filter((s) => /^GET \S+ \/api\/blob\/?$/.test(s)).length - listsBefore).toBeGreaterThanOrEqual(3);
    await expect(store.deletePrefix("wskeep")).rejects.toThrow(/prefix ending in "\/"/);
    expect(stored.has("wskeep/doc-0")).toBe(true);
  });

  it("refuses keys that could escape the store layout", async () => {
    await expect(vercelBlobStore(TOKEN).put("../etc/passwd", Buffer.from("x"), "text/plain")).rejects.toThrow(/Invalid blob key/);
  });
});
