import type { Page } from "playwright-core";
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, setupBrowser, signInWithGoogle, windowOverflow } from "../support/browser";

// A phone (390 × 844): the sidebar becomes a band across the top whose links wrap, so every page keeps the width of the
// window (the 240 px column left ~86 px for the page and every page scrolled sideways). Settings (the workspace name
// form, the members table with its role select) and a campaign's page (its controls as a draft, scheduled and paused)
// keep it too: wide tables scroll inside their frame, forms and buttons wrap.

const browser = setupBrowser();
const user = newUser("Pia", "Phone");
let page: Page;

/** The page fits the window: nothing to scroll sideways (a table may scroll inside its own frame). */
async function expectFits(what: string) {
  expect(await windowOverflow(page), `${what} is wider than the window`).toBeLessThanOrEqual(1);
}

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

describe("at phone width, pages with forms and controls", () => {
  it("/settings: the workspace name form, the members table with its role select and the invite form fit the window", async () => {
    await page.goto("/settings");
    await page.getByLabel(`Role of ${user.email}`).waitFor();
    await page.getByRole("button", { name: "Leave" }).waitFor();
    await page.getByRole("button", { name: "Save" }).first().waitFor();
    await page.getByRole("button", { name: "Send invitation" }).waitFor();
    await expectFits("/settings");
  });

  it("a campaign's page fits the window as a draft, scheduled (Pause, Cancel) and paused (Resume, Cancel)", async () => {
    const tag = randomBytes(3).toString("hex");
    await page.goto("/campaigns/accounts");
    await page.getByRole("button", { name: "Add the dev outbox" }).click();
    await page.getByText("Dev outbox added.").waitFor();

    await page.goto("/campaigns/new");
    await page.getByLabel("Campaign name").fill(`Phone outreach ${tag}`);
    const csv = `Email,Name,Company\nana.${tag}@example.test,Ana Lopez,Acme Logistics\n`;
    await page.getByLabel("Recipient list (CSV or Excel .xlsx)").setInputFiles({ name: "prospects.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByTestId("import-summary").getByText("1 recipient").waitFor();
    await page.getByLabel("Subject").fill("Hello {{first_name}}");
    // a long link, as outreach messages carry, is previewed on the page (live and saved) and must wrap
    await page.getByLabel("Plain text").fill("Hi {{first_name}},\n\nA short note: https://example.test/offers/fleet-insurance-renewal-2026-spring-campaign-landing-page?utm_source=docket");
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByRole("button", { name: "Cancel campaign" }).waitFor();
    await page.getByRole("button", { name: "Start sending" }).waitFor();
    await expectFits("a draft campaign's page");

    await page.getByLabel("Start at", { exact: true }).check();
    await page.getByLabel("Start date and time").fill("2035-01-07T09:00");
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await page.getByRole("button", { name: "Pause" }).waitFor();
    await expectFits("a scheduled campaign's page");

    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("button", { name: "Resume" }).waitFor();
    await page.getByRole("button", { name: "Cancel campaign" }).waitFor();
    await expectFits("a paused campaign's page");
  });
});
