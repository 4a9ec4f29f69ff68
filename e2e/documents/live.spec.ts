import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, setupBrowser, signInWithGoogle, UI_TIMEOUT } from "../support/browser";
import { makePdf } from "../support/files";

// Live progress is pushed: the Documents page holds one server-sent events stream (/api/live) and re-renders only
// when a change of a document arrives — an uploaded file goes queued → processing → ready on screen with every page
// refresh following a pushed change, none on a timer. With the stream refused, the page falls back to polling.

const browser = setupBrowser();
const user = newUser("Lena", "Live");

/** In the page, before its scripts: log the stream's change events and the page's refresh requests (RSC fetches). */
const INSTRUMENT = `(() => {
  window.__live = [];
  window.__refreshes = [];
  const Orig = window.EventSource;
  window.EventSource = class extends Orig {
    constructor(url, init) {
      super(url, init);
      for (const type of ["change", "resync"]) this.addEventListener(type, (e) => window.__live.push({ type, at: performance.now(), data: e.data }));
    }
  };
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const h = new Headers(init && init.headers);
    if (h.get("rsc") === "1" && !h.get("next-router-prefetch")) window.__refreshes.push({ at: performance.now(), url: String(input) });
    return fetch0.apply(this, arguments);
  };
})()`;

interface Log {
  live: { type: string; at: number; data: string }[];
  refreshes: { at: number; url: string }[];
}
const log = (page: Page) => page.evaluate(() => ({ live: (window as never as { __live: Log["live"] }).__live, refreshes: (window as never as { __refreshes: Log["refreshes"] }).__refreshes })) as Promise<Log>;

async function uploadOne(page: Page, name: string) {
  await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "application/pdf", buffer: await makePdf([`Invoice ${name}`, "Invoice number LV-1", "Total: 120.00 EUR"]) });
  const item = page.getByTestId("upload-item").filter({ has: page.getByText(name, { exact: true }) });
  await item.locator("span", { hasText: /^done$/ }).waitFor({ timeout: UI_TIMEOUT });
}

const statusOf = (page: Page, name: string) =>
  page.getByTestId("document-row").filter({ has: page.getByRole("link", { name, exact: true }) }).locator("td").nth(3);

let page: Page;
beforeAll(async () => {
  page = await browser.newPage();
  await signInWithGoogle(page, user);
  await page.context().addInitScript(INSTRUMENT);
});

describe("live progress", () => {
  it("shows an uploaded document's status change pushed by the stream, with no periodic refresh", async () => {
    await page.goto("/documents");
    await page.locator('[data-testid="live-progress"][data-live="stream"]').waitFor({ state: "attached", timeout: UI_TIMEOUT });
    const name = `live-${randomBytes(3).toString("hex")}.pdf`;
    await uploadOne(page, name);
    // queued/processing → a final status, on screen, without a reload
    await expect.poll(async () => (await statusOf(page, name).innerText().catch(() => "")).trim(), { timeout: 60_000, interval: 200 }).toMatch(/^(ready|needs review)$/);
    await page.getByTestId("processing-progress").waitFor({ state: "detached", timeout: 60_000 });
    const busy = await log(page);
    const docChanges = busy.live.filter((e) => e.type === "change" && /"entity":"document"/.test(e.data));
    expect(docChanges.length).toBeGreaterThanOrEqual(2); // at least queued → processing → done arrived as events
    expect(docChanges.some((e) => /"status":"(ready|needs_review)"/.test(e.data))).toBe(true);
    // Every refresh follows a pushed change (within the 750 ms throttle plus a refresh's own time); at most one —
    // the upload zone's own refresh when its batch is done — may not.
    const unexplained = busy.refreshes.filter((r) => !busy.live.some((e) => e.at <= r.at && r.at - e.at < 2_500));
    expect(unexplained.length, JSON.stringify({ unexplained, live: busy.live.map((e) => e.at) })).toBeLessThanOrEqual(1);
    // Nothing in flight: nothing re-renders on a timer, and the stream stays up. A change that was still on its way
    // (the trailing refresh of the throttle, a late status of the same document) may re-render once more — after
    // its pushed event, like every refresh above.
    const t0 = await page.evaluate(() => performance.now());
    await page.waitForTimeout(6_000);
    const quiet = await log(page);
    const onTimer = quiet.refreshes.filter((r) => r.at > t0 && !quiet.live.some((e) => e.at <= r.at && r.at - e.at < 2_500));
    expect(onTimer, JSON.stringify({ refreshes: quiet.refreshes, live: quiet.live })).toEqual([]);
    expect(await page.getByTestId("live-progress").getAttribute("data-live")).toBe("stream");
  });

  it("falls back to polling while the stream is refused, and still shows the change", async () => {
    const other = await browser.newPage();
    await signInWithGoogle(other, user);
    await other.context().addInitScript(INSTRUMENT);
    await other.route("**/api/live**", (route) => route.fulfill({ status: 503, contentType: "application/json", body: '{"error":"down"}' }));
    await other.goto("/documents");
    const name = `poll-${randomBytes(3).toString("hex")}.pdf`;
    await uploadOne(other, name);
    await expect.poll(async () => (await statusOf(other, name).innerText().catch(() => "")).trim(), { timeout: 60_000, interval: 200 }).toMatch(/^(ready|needs review)$/);
    expect(await other.getByTestId("live-progress").getAttribute("data-live")).toBe("polling");
    const l = await log(other);
    expect(l.live).toEqual([]);
    expect(l.refreshes.length).toBeGreaterThanOrEqual(1);
  });
});
