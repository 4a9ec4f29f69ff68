import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, setupBrowser, signInWithGoogle, windowOverflow } from "../support/browser";
import { makePdf } from "../support/files";

// File names as they arrive from scanners and e-invoicing portals: long, without a space to break at. The document's
// page and its invoice's page title and header hold them without widening the page past the window.

const browser = setupBrowser();
const user = newUser("Lena", "Longname");
let page: Page;
const name = `XRECHNUNG_Betriebskostenabrechnung_Grundbesitz_GmbH_und_Co_KG_Musterstrasse_42_Frankfurt_am_Main_2018-03-05_Rechnung_471102_Abrechnungszeitraum_2010_Endabrechnung_final_v2.pdf`;

beforeAll(async () => {
  page = await browser.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInWithGoogle(page, user);
});

describe("a document with a long file name", () => {
  it("its page fits the window: the title wraps", async () => {
    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "application/pdf", buffer: await makePdf(["Rechnung 471102", "Gesamtbetrag 529,87 EUR"]) });
    // Leaving the page while the upload is still sending would cancel it: wait until the uploader says it is done.
    const item = page.getByTestId("upload-item").filter({ has: page.getByText(name, { exact: true }) });
    await item.locator("span", { hasText: /^done$/ }).waitFor({ timeout: 60_000 });
    const link = page.getByRole("link", { name });
    await expect.poll(async () => { await page.goto("/documents"); return link.count(); }, { timeout: 60_000 }).toBe(1);
    await link.click();
    await page.getByRole("heading", { level: 1, name }).waitFor();
    expect(await windowOverflow(page)).toBeLessThanOrEqual(1);
  });
});
