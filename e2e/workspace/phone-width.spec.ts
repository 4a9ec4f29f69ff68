import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, setupBrowser, signInWithGoogle, windowOverflow } from "../support/browser";

// A phone (390 × 844): the sidebar becomes a band across the top whose links wrap, so every page keeps the width of the
// window (the 240 px column left ~86 px for the page and every page scrolled sideways).

const browser = setupBrowser();
const user = newUser("Pia", "Phone");
let page: Page;

beforeAll(async () => {
  page = await browser.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await signInWithGoogle(page, user);
});

describe("at phone width", () => {
  for (const path of ["/", "/inbox", "/invoices", "/documents", "/alerts", "/activity", "/insurance", "/campaigns"]) {
    it(`${path}: the main navigation is on screen and the page is as wide as the window`, async () => {
      await page.goto(path);
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Invoices" }).waitFor();
      const main = await page.locator("main").boundingBox();
      expect(main!.width).toBeGreaterThanOrEqual(380);
      expect(await windowOverflow(page)).toBeLessThanOrEqual(1);
    });
  }
});
