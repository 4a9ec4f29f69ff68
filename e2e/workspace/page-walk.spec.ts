import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { baseURL, newUser, setupBrowser, signInWithGoogle } from "../support/browser";
import { problemsOnly, walkPage } from "../support/page-check";

// Every signed-in page as a first-time user meets it, at 1280×800 and 1440×900: nothing wider than the screen, no
// stored JSON, no internal names or database ids in what is shown, no console errors. Screenshots land in
// test-results/page-walk/ (kept by CI) for a person to look at. Insurance and campaign pages with data are walked
// at the end of their own specs, where their data exists.

const browser = setupBrowser();
const fixture = path.join(process.cwd(), "lib", "extraction", "fixtures", "text", "en-US-invoice-1");
const truth = JSON.parse(fs.readFileSync(`${fixture}.json`, "utf8")).invoices[0] as { invoiceNumber: string };
let page: Page;
const consoleErrors: { url: string; text: string }[] = [];

beforeAll(async () => {
  page = await browser.newPage();
  // Docket's own pages only (the sign-in provider that stands in for Google is not ours)
  const ours = () => page.url().startsWith(baseURL());
  page.on("console", (m) => {
    if (m.type() === "error" && ours()) consoleErrors.push({ url: page.url(), text: m.text() });
  });
  page.on("pageerror", (e) => {
    if (ours()) consoleErrors.push({ url: page.url(), text: e.message });
  });
  await signInWithGoogle(page, newUser("Walter", "Pages"));
});

const PAGES: [string, string][] = [
  ["dashboard-empty", "/"],
  ["inbox", "/inbox"],
  ["documents-empty", "/documents"],
  ["documents-ask-empty", "/documents/ask"],
  ["alerts-empty", "/alerts"],
  ["invoices-empty", "/invoices"],
  ["insurance-empty", "/insurance"],
  ["insurance-brokers", "/insurance/brokers"],
  ["insurance-catalogs", "/insurance/catalogs"],
  ["insurance-settings", "/insurance/settings"],
  ["campaigns-empty", "/campaigns"],
  ["campaigns-new", "/campaigns/new"],
  ["campaigns-accounts", "/campaigns/accounts"],
  ["activity-empty", "/activity"],
  ["activity-jobs", "/activity/jobs"],
  ["settings", "/settings"],
  ["settings-mailboxes", "/settings/mailboxes"],
  ["settings-outbox", "/settings/outbox"],
  ["settings-alerts", "/settings/alerts"],
];

describe("every page fits a laptop and speaks the user's language", () => {
  it("the pages of a new workspace", async () => {
    // an empty workspace's dashboard says what to do first instead of showing empty charts
    await page.goto("/");
    await page.getByTestId("get-started").waitFor();
    const bad: Record<string, unknown> = {};
    for (const [name, url] of PAGES) {
      const p = problemsOnly(await walkPage(page, name, url));
      if (Object.keys(p).length) bad[url] = p;
    }
    expect(bad).toEqual({});
  });

  it("the pages with an invoice in them: documents, invoices, the invoice beside its page, the dashboard, activity", async () => {
    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles({ name: "acme-invoice.pdf", mimeType: "application/pdf", buffer: fs.readFileSync(`${fixture}.pdf`) });
    await page.getByTestId("upload-item").locator("span", { hasText: /^done$/ }).waitFor();
    await page.goto("/invoices");
    await page.getByRole("cell", { name: truth.invoiceNumber }).waitFor({ timeout: 120_000 });
    await page.getByRole("cell", { name: truth.invoiceNumber }).click();
    await page.waitForURL(/\/invoices\/[^/]+$/);
    const invoiceUrl = new URL(page.url()).pathname;
    await page.locator("canvas[data-page='1']").waitFor({ timeout: 60_000 });
    const bad: Record<string, unknown> = {};
    await page.goto("/documents");
    const docLink = page.getByRole("link", { name: "acme-invoice.pdf" }).first();
    const documentUrl = (await docLink.getAttribute("href")) ?? "/documents";
    for (const [name, url] of [
      ["documents", "/documents"],
      ["document", documentUrl],
      ["invoices", "/invoices"],
      ["invoice", invoiceUrl],
      ["dashboard", "/"],
      ["activity", "/activity"],
    ] as const) {
      const p = problemsOnly(await walkPage(page, name, url));
      if (Object.keys(p).length) bad[url] = p;
    }
    expect(bad).toEqual({});
  });

  // A hydration mismatch (React #418/#423/#425) that a page makes is made on every load; Next 15.5 also throws one
  // now and then on a heavily loaded machine for a page whose HTML is byte-identical between loads (vercel/next.js
  // #96371). So a page that logged one is loaded three more times: it fails if it does it again.
  it("no page logged an error to the console, and none makes a hydration mismatch", async () => {
    const hydration = /Minified React error #(418|423|425)\b|Hydration failed/;
    expect(consoleErrors.filter((e) => !hydration.test(e.text)).map((e) => `${e.url}: ${e.text}`)).toEqual([]);
    const suspects = [...new Set(consoleErrors.filter((e) => hydration.test(e.text)).map((e) => e.url))];
    const recurring: string[] = [];
    for (const url of suspects) {
      console.warn(`[e2e] ${url} logged a hydration mismatch once; loading it again`);
      for (let i = 0; i < 3; i++) {
        const before = consoleErrors.length;
        await page.goto(url);
        await page.waitForLoadState("networkidle").catch(() => undefined);
        const again = consoleErrors.slice(before).filter((e) => hydration.test(e.text));
        if (again.length) recurring.push(`${url} (load ${i + 2}): ${again[0].text}`);
      }
    }
    expect(recurring).toEqual([]);
  });
});
