import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfPageImages, terminateOcr } from "@/lib/extraction/ocr";
import { encodeTiff, loadFixture, pngGray } from "@/lib/extraction/testing";
import { baseURL, newUser, setupBrowser, signInWithGoogle } from "../support/browser";

// The AP inbox as a user meets it: drop an invoice PDF, watch it being read, open it beside its page, fix a field,
// approve with the keyboard, and download the Excel file with the approved invoice in it.

const fixture = path.join(process.cwd(), "lib", "extraction", "fixtures", "text", "en-US-invoice-1");
const truth = JSON.parse(fs.readFileSync(`${fixture}.json`, "utf8")).invoices[0] as { invoiceNumber: string; total: string; vendorName: string };

const browser = setupBrowser();
const user = newUser("Irene", "Invoices");
let page: Page;

beforeAll(async () => {
  page = await browser.newPage();
  await signInWithGoogle(page, user);
});
afterAll(() => terminateOcr());

describe("invoice review", () => {
  it("reads an uploaded PDF into an invoice that appears in the table without a reload", async () => {
    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles({ name: "acme-invoice.pdf", mimeType: "application/pdf", buffer: fs.readFileSync(`${fixture}.pdf`) });
    await page.getByTestId("upload-item").locator("span", { hasText: /^done$/ }).waitFor();
    await page.goto("/invoices");
    // The page refreshes itself while documents are being read.
    await page.getByRole("cell", { name: truth.invoiceNumber }).waitFor({ timeout: 120_000 });
    const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name: truth.invoiceNumber }) });
    expect(await row.innerText()).toContain(truth.vendorName);
    expect(await row.innerText()).toContain(Number(truth.total).toLocaleString("en", { minimumFractionDigits: 2 }));
  });

  it("shows the page beside the fields, re-checks an edit, and approves with the keyboard", async () => {
    // the invoice number is a link: reachable and opened from the keyboard, not only by a mouse click on the row
    await page.getByRole("link", { name: truth.invoiceNumber }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/invoices\/[^/]+$/);
    await page.locator("canvas[data-page='1']").waitFor({ timeout: 60_000 });
    // every empty field says why it is empty ("not on the document" or "required · not found"), never "0%"
    const states = page.locator("[data-testid^='field-state-']");
    expect(await states.count()).toBe(11);
    for (const text of await states.allInnerTexts()) expect(text).not.toBe("0%");

    const total = page.locator("input[name='total']");
    await total.fill("1.00");
    await total.press("Enter");
    await page.getByText(/≠ total 1\.00/).waitFor();
    // A on an invoice that fails its check approves nothing: the dialog says what fails and asks why
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("a");
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("approval-blockers").getByText(/≠ total 1\.00/).waitFor();
    expect(await dialog.getByRole("button", { name: "Approve anyway" }).isDisabled()).toBe(true);
    await dialog.getByRole("button", { name: "Go back and fix" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(page.url()).toMatch(/\/invoices\/[^/]+$/);
    expect(await page.getByRole("button", { name: "Reopen for review" }).count()).toBe(0);
    await total.fill(truth.total);
    await total.press("Enter");
    await page.getByText("Saved Total.").waitFor();
    await expect.poll(async () => page.getByText(/≠ total/).count()).toBe(0);

    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("a");
    await page.getByText("approved", { exact: true }).first().waitFor();
    await page.goto(page.url());
    await page.getByRole("button", { name: "Reopen for review" }).waitFor();
    // The human edit is in the history in words, field by field (before → after), never as stored JSON.
    const history = page.getByTestId("history-entry");
    expect(await history.filter({ hasText: "Edited a field" }).count()).toBeGreaterThanOrEqual(2);
    expect(await history.filter({ hasText: `Total: ` }).filter({ hasText: `→ ${truth.total}` }).count()).toBeGreaterThanOrEqual(1);
    expect(await history.filter({ hasText: /\{"/ }).count()).toBe(0);
  });

  it("exports the approved invoice to Excel with real numbers", async () => {
    // the page's Export Excel link carries the table's filter (and no stray "?&" when there is none)
    await page.goto("/invoices");
    expect(await page.getByRole("link", { name: "Export Excel" }).getAttribute("href")).toBe("/api/invoices/export?format=xlsx");
    await page.getByRole("link", { name: "Approved", exact: true }).click();
    await page.waitForURL(/status=approved/);
    const href = await page.getByRole("link", { name: "Export Excel" }).getAttribute("href");
    expect(href).toBe("/api/invoices/export?status=approved&format=xlsx");
    const res = await page.request.get(`${baseURL()}${href}`);
    expect(res.status()).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.body()) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet("Invoices")!;
    const row = sheet.getRow(2);
    expect(row.getCell(1).value).toBe(truth.invoiceNumber);
    expect(row.getCell(12).value).toBe(Number(truth.total));
    expect(wb.getWorksheet("Line items")!.rowCount).toBeGreaterThan(1);
  });

  it("reads a scanned invoice (image-only PDF) through OCR in the production server", async () => {
    const scanned = path.join(process.cwd(), "lib", "extraction", "fixtures", "scanned", "de-invoice-2-scan");
    const scanTruth = JSON.parse(fs.readFileSync(`${scanned}.json`, "utf8")).invoices[0] as { invoiceNumber: string };
    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles({ name: "scan.pdf", mimeType: "application/pdf", buffer: fs.readFileSync(`${scanned}.pdf`) });
    await page.getByTestId("upload-item").filter({ hasText: "scan.pdf" }).locator("span", { hasText: /^done$/ }).waitFor();
    await page.goto("/invoices");
    await page.getByRole("cell", { name: scanTruth.invoiceNumber }).waitFor({ timeout: 120_000 });
    await page.getByRole("cell", { name: scanTruth.invoiceNumber }).click();
    await page.getByText("scanned (OCR)").waitFor();
  });

  it("reads a two-page TIFF from a scanner and shows the invoice's own page as an image the browser can display", async () => {
    const pages = [];
    for (const name of ["en-US-invoice-4-scan", "de-credit-note-scan"]) {
      const { data } = await loadFixture(name, "scanned");
      pages.push({ ...pngGray((await pdfPageImages(data, [1])).get(1)!.data), compression: "packbits" as const, rowsPerStrip: 64 });
    }
    const second = (await loadFixture("de-credit-note-scan", "scanned")).truth.invoices[0];
    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles({ name: "scanner-0007.tif", mimeType: "image/tiff", buffer: Buffer.from(encodeTiff(pages)) });
    await page.getByTestId("upload-item").filter({ hasText: "scanner-0007.tif" }).locator("span", { hasText: /^done$/ }).waitFor();
    await page.goto("/invoices");
    await page.getByRole("cell", { name: second.invoiceNumber }).waitFor({ timeout: 180_000 });
    await page.getByRole("cell", { name: second.invoiceNumber }).click();
    await page.waitForURL(/\/invoices\/[^/]+$/);
    const img = page.getByRole("img", { name: "scanner-0007.tif, page 2" });
    await img.waitFor();
    await page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 500, await img.elementHandle());
    expect(await page.getByRole("img", { name: "scanner-0007.tif, page 1" }).count()).toBe(0);
  }, 240_000);

  it("an admin makes the vendor tax id required in Settings; an invoice without it then says so", async () => {
    await page.goto("/settings");
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Save invoice rules" }) });
    await form.getByLabel("Vendor tax ID").check();
    await form.getByRole("button", { name: "Save invoice rules" }).click();
    await page.getByText("Saved. They apply to invoices read or edited from now on.").waitFor();
    await page.reload();
    expect(await page.locator("form").filter({ has: page.getByRole("button", { name: "Save invoice rules" }) }).getByLabel("Vendor tax ID").isChecked()).toBe(true);
    await page.goto("/activity");
    await page.getByTestId("audit-row").filter({ hasText: "Vendor tax ID" }).first().waitFor();
  });
});
