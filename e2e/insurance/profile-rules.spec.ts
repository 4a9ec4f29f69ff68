import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { generateCatalog } from "@/lib/insurance/fixtures/generate-catalog";
import { brokerAWorkbook, sampleVehicles } from "@/lib/insurance/fixtures/sample-spreadsheets";
import { newUser, setupBrowser, signInWithGoogle, UI_TIMEOUT } from "../support/browser";

// The broker-profile wizard's value rules in the built app: in step 3 a user replaces a brand taken from the
// sample's own values (VOLKSWAGEN → VW), types a replacement for the use column (and is told, naming the field,
// when its "from" is empty), limits the brands to an allowed list, moves the two-digit-year pivot — and the
// preview follows each edit: replaced values in the rows, the brands outside the list reported by row number.
// Saved as version 1, the rules are all there when the wizard is opened again for version 2.

const browser = setupBrowser();
const user = newUser("Rita", "Rules");
let page: Page;

const catalog = generateCatalog({ seed: 7 }).filter((e) => ["NISSAN", "VOLKSWAGEN", "TOYOTA", "CHEVROLET"].includes(e.brand) && e.year >= 2017);
const vehicles = sampleVehicles(catalog, 21, 12);
const allowedBrands = ["NISSAN", "VW", "TOYOTA"];
// Broker A's header is on row 4: vehicle i is on row 5 + i. Volkswagen rows pass once mapped to VW.
const outside = vehicles.map((v, i) => ({ row: 5 + i, brand: v.brand })).filter((v) => !["NISSAN", "VOLKSWAGEN", "TOYOTA"].includes(v.brand));
const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
let fleet: Buffer;

beforeAll(async () => {
  fleet = Buffer.from(await brokerAWorkbook(vehicles));
  page = await browser.newPage();
  await signInWithGoogle(page, user);
});

/** From the broker's page: open the wizard, read the sample and go to step 3. */
async function wizardToPreview(link: string) {
  await page.getByRole("link", { name: link }).first().click();
  await page.getByTestId("sample-file").setInputFiles({ name: "flotilla.xlsx", mimeType: xlsx, buffer: fleet });
  await page.getByRole("button", { name: "Suggest a mapping" }).click();
  await page.getByTestId("mapping-table").waitFor();
  await page.getByRole("button", { name: "Preview the rows" }).click();
  await page.getByTestId("rules-editor").waitFor();
}

/** Wait for the live preview (a server round trip after each edit). */
const poll = <T,>(fn: () => Promise<T>) => expect.poll(fn, { timeout: UI_TIMEOUT, interval: 250 });
const summary = () => page.getByTestId("preview-summary");
const previewTable = () => page.locator("table").filter({ has: page.getByRole("columnheader", { name: "Brand" }) });
const columnValues = async (label: string) => {
  const table = previewTable();
  const headers = (await table.getByRole("columnheader").allInnerTexts()).map((h) => h.trim().toLowerCase());
  const col = headers.indexOf(label.toLowerCase());
  expect(col, `column ${label} in ${headers.join(", ")}`).toBeGreaterThanOrEqual(0);
  return (await table.locator(`tbody tr td:nth-child(${col + 1})`).allInnerTexts()).map((t) => t.trim());
};

describe("broker profile value rules", () => {
  it("edits value maps, allowed values and the year pivot with a live preview, and saves them", async () => {
    await page.goto("/insurance/brokers");
    await page.getByLabel("Broker name").fill("Agente Reglas");
    await page.getByLabel("Sender email domains").fill("reglas-e2e.mx");
    await page.getByRole("button", { name: "Add broker" }).click();
    await page.waitForURL(/\/insurance\/brokers\/[^/]+$/);
    await wizardToPreview("Build the profile");
    await summary().filter({ hasText: `${vehicles.length} row(s) read, 0 with validation errors` }).waitFor();
    expect(await columnValues("Brand")).toContain("VOLKSWAGEN");

    // a brand from the sample's own values starts a replacement; its "to" box has the focus
    await page.getByRole("button", { name: "Replace VOLKSWAGEN (Brand)" }).click();
    expect(await page.getByLabel("Brand replacement 1: from").inputValue()).toBe("VOLKSWAGEN");
    await page.keyboard.type("VW");
    await poll(() => columnValues("Brand")).toContain("VW");
    expect(await columnValues("Brand")).not.toContain("VOLKSWAGEN");

    // a typed replacement with no "from" is named, by field, and holds the preview and the save
    const useRules = page.getByTestId("rules-use");
    await useRules.getByText(/PARTICULAR/).first().waitFor();
    await page.getByRole("button", { name: "Add a replacement for Use" }).click();
    await page.getByLabel("Use replacement 1: to").fill("PRIVADO");
    await page.getByTestId("rules-problems-use").getByText("Use, replacement 1: the “from” value is empty").waitFor();
    await page.getByTestId("preview-status").getByText("fix the value rules marked in red").waitFor();
    expect(await page.getByTestId("save-profile").isDisabled()).toBe(true);
    await page.getByLabel("Use replacement 1: from").fill("particular");
    await page.getByTestId("rules-problems-use").waitFor({ state: "detached" });
    await poll(() => columnValues("Use")).toEqual(vehicles.map(() => "PRIVADO"));

    // allowed brands: the rows outside the list are reported by spreadsheet row
    await page.getByLabel("Add allowed values for Brand").fill(allowedBrands.join(", "));
    await page.keyboard.press("Enter");
    const allowedList = page.getByRole("list", { name: "Allowed values for Brand" });
    expect((await allowedList.getByRole("listitem").allInnerTexts()).map((t) => t.replace("✕", "").trim())).toEqual(allowedBrands);
    await summary().filter({ hasText: `${vehicles.length - outside.length} row(s) read, ${outside.length} with validation errors` }).waitFor();
    for (const o of outside) {
      await page.getByText(new RegExp(`^Row ${o.row} \\(#${o.row - 4}\\): Brand — "${o.brand}" is not one of NISSAN, VW, TOYOTA$`)).waitFor();
    }
    // adding a brand that is already allowed says so instead of adding it twice
    await page.getByLabel("Add allowed values for Brand").fill("nissan");
    await page.getByRole("button", { name: "Add the allowed values for Brand" }).click();
    await page.getByText("Brand: “nissan” is already allowed.").waitFor();
    expect(await allowedList.getByRole("listitem").count()).toBe(3);

    // the two-digit-year pivot: broker A writes some years as "19"-style text
    const twoDigit = vehicles.filter((v, i) => i % 4 === 1 && !outside.some((o) => o.row === 5 + i));
    expect(twoDigit.length).toBeGreaterThan(0);
    await page.getByLabel("Two-digit-year pivot").fill("10");
    await poll(async () => (await columnValues("Model year")).filter((y) => /^19\d\d$/.test(y)).length).toBe(twoDigit.length);
    await page.getByLabel("Two-digit-year pivot").fill("123");
    await page.getByText("Two-digit-year pivot: “123” is not a whole number from 0 to 99.").waitFor();
    await page.getByLabel("Two-digit-year pivot").fill("30");
    await poll(async () => (await columnValues("Model year")).filter((y) => /^19\d\d$/.test(y)).length).toBe(0);

    await poll(() => page.getByTestId("save-profile").isEnabled()).toBe(true);
    await page.getByTestId("save-profile").click();
    await page.waitForURL(/\/insurance\/brokers\/[^/]+$/);
    await page.getByRole("cell", { name: "v1" }).waitFor();
  });

  it("opens the next version with the saved rules in place and already applied", async () => {
    await page.reload();
    await wizardToPreview("New profile version");
    expect(await page.getByTestId("save-profile").innerText()).toBe("Save as version 2");
    expect(await page.getByLabel("Brand replacement 1: from").inputValue()).toBe("VOLKSWAGEN");
    expect(await page.getByLabel("Brand replacement 1: to").inputValue()).toBe("VW");
    expect(await page.getByLabel("Use replacement 1: from").inputValue()).toBe("particular");
    expect(await page.getByLabel("Use replacement 1: to").inputValue()).toBe("PRIVADO");
    const allowed = await page.getByRole("list", { name: "Allowed values for Brand" }).getByRole("listitem").allInnerTexts();
    expect(allowed.map((t) => t.replace("✕", "").trim())).toEqual(allowedBrands);
    expect(await page.getByLabel("Two-digit-year pivot").inputValue()).toBe("30");
    await summary().filter({ hasText: `${outside.length} with validation errors` }).waitFor();
    expect(await columnValues("Use")).toEqual(vehicles.filter((v) => !outside.some((o) => o.brand === v.brand)).map(() => "PRIVADO"));
  });
});
