import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { terminateOcr } from "@/lib/extraction/ocr";
import { newUser, setupBrowser, signInWithGoogle } from "../support/browser";
import { makePdf } from "../support/files";

// Documents as a user meets them: drop a policy and an invoice, find the policy by a word without its accent, open
// it (class, key facts), ask when it expires, follow the citation to the highlighted passage on its page; the
// invoice, long overdue, raises an alert that is acknowledged.

const browser = setupBrowser();
const user = newUser("Dora", "Documents");
let page: Page;
const invoicePdf = fs.readFileSync(path.join(process.cwd(), "lib", "extraction", "fixtures", "text", "en-US-invoice-1.pdf"));

beforeAll(async () => {
  page = await browser.newPage();
  await signInWithGoogle(page, user);
});
afterAll(() => terminateOcr());

describe("documents: search, ask, cite; alerts", () => {
  it("indexes uploaded documents and finds them by an unaccented word, with the match highlighted", async () => {
    const policy = await makePdf([
      "POLIZA DE SEGURO DE AUTOMÓVILES",
      "Póliza número: AUT-2027-123456",
      "Asegurado: Transportes del Norte SA de CV",
      "Inicio de vigencia: 01/04/2026",
      "Fin de vigencia: 31/03/2027",
      "Prima total anual: $ 48.250,00 MXN",
    ]);
    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles([
      { name: "poliza-flota.pdf", mimeType: "application/pdf", buffer: policy },
      { name: "acme-invoice.pdf", mimeType: "application/pdf", buffer: invoicePdf },
    ]);
    await expect.poll(async () => page.getByTestId("upload-item").locator("span", { hasText: /^done$/ }).count(), { timeout: 60_000 }).toBe(2);
    await page.goto("/documents");
    // the list refreshes itself until both are read and indexed
    await expect.poll(async () => page.locator("[data-testid='index-state'][data-state='indexed']").count(), { timeout: 180_000, interval: 2_000 }).toBe(2);
    await page.getByLabel("Search documents").fill("poliza vigencia");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/q=poliza/);
    const first = page.getByTestId("document-row").first();
    expect(await first.innerText()).toContain("poliza-flota.pdf");
    expect((await first.locator("mark").allInnerTexts()).map((t) => t.toLowerCase())).toEqual(expect.arrayContaining(["vigencia"]));
  });

  it("opens the document with its class and key facts, each linking to its page", async () => {
    await page.getByTestId("document-row").first().getByRole("link", { name: "poliza-flota.pdf" }).click();
    await page.waitForURL(/\/documents\/[^/?]+/);
    await page.getByTestId("facts").waitFor();
    const facts = await page.getByTestId("fact").allInnerTexts();
    expect(facts).toEqual(expect.arrayContaining(["AUT-2027-123456", "2027-03-31"]));
    expect(await page.getByTestId("doc-class").innerText()).toMatch(/policy/);
  });

  it("answers a question with a citation that opens the page with the passage highlighted", async () => {
    await page.goto("/documents/ask");
    await page.getByLabel("Question").fill("¿Cuándo vence la póliza?");
    await page.getByRole("button", { name: "Ask" }).click();
    await page.getByTestId("answer-value").waitFor();
    expect(await page.getByTestId("answer-value").innerText()).toContain("2027-03-31");
    await page.getByTestId("citation").first().click();
    await page.waitForURL(/\/documents\/[^/?]+\?page=1&hl=\d+-\d+/);
    const mark = page.getByTestId("highlight");
    await mark.waitFor();
    expect(await mark.innerText()).toContain("Fin de vigencia: 31/03/2027");
    expect(await page.getByTestId("viewer-page").innerText()).toContain("Page 1");
  });

  it("raises an alert for the overdue invoice, shows it in the shell, and acknowledges it", async () => {
    await page.goto("/alerts");
    await page.getByRole("button", { name: "Check now" }).click();
    const alert = page.getByTestId("alert").filter({ hasText: /overdue/ });
    await alert.first().waitFor({ timeout: 30_000 });
    const count = Number(await page.getByTestId("alert-count").innerText());
    expect(count).toBeGreaterThanOrEqual(1);
    // Checking again raises nothing new.
    await page.getByRole("button", { name: "Check now" }).click();
    await page.waitForTimeout(1_000);
    expect(await page.getByTestId("alert").filter({ hasText: /overdue/ }).count()).toBe(1);
    await alert.first().getByRole("button", { name: "Acknowledge" }).click();
    await expect.poll(async () => page.getByTestId("alert").filter({ hasText: /overdue/ }).count()).toBe(0);
    await page.goto("/alerts?state=acknowledged");
    expect(await page.getByTestId("alert").filter({ hasText: /overdue/ }).count()).toBe(1);
  });
});
