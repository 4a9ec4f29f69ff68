import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { Agent, getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vercelBlobStore } from "./index";

// Vercel Blob through the real @vercel/blob client against a local server that speaks its HTTP API:
// PUT {api}/?pathname=… to store, GET https://<store>.private.blob.vercel-storage.com/<pathname> to read (routed to
// the local server at the connection level, like a hosts-file entry), POST {api}/delete to remove.

const TOKEN = "vercel_blob_rw_teststore123_secretpart";
const stored = new Map<string, { body: Buffer; contentType: string }>();
const seen: string[] = [];
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

  it("refuses keys that could escape the store layout", async () => {
    await expect(vercelBlobStore(TOKEN).put("../etc/passwd", Buffer.from("x"), "text/plain")).rejects.toThrow(/Invalid blob key/);
  });
});
