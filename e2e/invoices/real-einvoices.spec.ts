import { existsSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, setupBrowser, signInWithGoogle } from "../support/browser";
import { makePdf } from "../support/files";

// Invoices from real vendors, as a user brings them: a real ZUGFeRD e-invoice from the shared corpus (read in place,
// never copied into the repository), a Mexican CFDI that arrives as XML + PDF in one zip, and a vendor whose layout
// the reader does not know — corrected once, then learned for that vendor's next invoice.

const CORPUS_PDF = "/work/shared/corpora/zugferd/XML-Rechnung/FX/EN16931_Einfach.pdf";
const browser = setupBrowser();
const user = newUser("Rita", "Reader");
let page: Page;

beforeAll(async () => {
  page = await browser.newPage();
  await signInWithGoogle(page, user);
});

async function drop(files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.goto("/documents");
  await page.getByTestId("upload-input").setInputFiles(files);
  for (const f of files) {
    const item = page.getByTestId("upload-item").filter({ has: page.getByText(f.name, { exact: true }) });
    await item.locator("span", { hasText: /^(done|duplicate)$/ }).waitFor();
  }
}

/** The invoices table row holding `text`, once the background reader has produced it. */
async function invoiceRow(text: string) {
  await page.goto("/invoices");
  const cell = page.getByRole("cell", { name: text, exact: true });
  await cell.first().waitFor({ timeout: 120_000 });
  return page.getByRole("row").filter({ has: cell.first() });
}

describe("invoices from real vendors", () => {
  it.skipIf(!existsSync(CORPUS_PDF))("reads a real ZUGFeRD PDF exactly from its embedded XML", async () => {
    await drop([{ name: "EN16931_Einfach.pdf", mimeType: "application/pdf", buffer: readFileSync(CORPUS_PDF) }]);
    const row = await invoiceRow("471102");
    const text = await row.innerText();
    expect(text).toContain("Lieferant GmbH");
    expect(text).toMatch(/529\.87/);
  });

  it("pairs a CFDI XML with its PDF from one zip: one invoice, vendor and totals from the XML", async () => {
    const folio = String(1000 + Math.floor(Math.random() * 8000));
    const xml = `<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="F" Folio="${folio}" Fecha="2024-05-02T09:00:00" SubTotal="1500.00" Total="1740.00" Moneda="MXN" TipoDeComprobante="I"><cfdi:Emisor Rfc="FDN010101AB1" Nombre="FERRETERIA DEL NORTE SA DE CV"/><cfdi:Receptor Rfc="XAXX010101000" Nombre="CLIENTE MOSTRADOR"/><cfdi:Conceptos><cfdi:Concepto Cantidad="15" Descripcion="Martillo" ValorUnitario="100.00" Importe="1500.00"/></cfdi:Conceptos></cfdi:Comprobante>`;
    const pdf = await makePdf(["FERRETERIA DEL NORTE SA DE CV", `Factura F-${folio}`, "Fecha: 02/05/2024", "Subtotal 1,500.00", "IVA 16% 240.00", "Total 1,740.00 MXN"]);
    const zip = zipSync({ [`F${folio}.pdf`]: new Uint8Array(pdf), [`F${folio}.xml`]: strToU8(xml) });
    await drop([{ name: `cfdi-${folio}.zip`, mimeType: "application/zip", buffer: Buffer.from(zip) }]);
    const row = await invoiceRow(`F-${folio}`);
    const text = await row.innerText();
    expect(text).toContain("FERRETERIA DEL NORTE SA DE CV");
    expect(text).toMatch(/1,?740\.00/);
    // one document, the PDF, kept for viewing
    await page.goto("/documents");
    expect(await page.getByRole("link", { name: `F${folio}.pdf` }).count()).toBe(1);
    expect(await page.getByRole("link", { name: `F${folio}.xml` }).count()).toBe(0);
  });

  it("remembers a corrected field for the vendor and fills it on the vendor's next invoice, saying where it was learned", async () => {
    const tag = randomBytes(2).toString("hex").toUpperCase();
    const vendorPdf = (n: string) =>
      makePdf(["Kontor Nord GmbH", "RECHNUNG", `Belegkennung: ${n}`, "Datum: 05.03.2024", "Summe netto 100,00 EUR", "USt 19 % 19,00 EUR", "Gesamtbetrag 119,00 EUR", "Kontor Nord GmbH - Hafenstrasse 1 - 20457 Hamburg - USt-IdNr. DE812345679"]);
    const first = `KN-${tag}-0815`;
    await drop([{ name: `kontor-${tag}-1.pdf`, mimeType: "application/pdf", buffer: await vendorPdf(first) }]);
    // the reader does not know the label "Belegkennung": the number is missing and the invoice waits for review
    const row = await invoiceRow("Kontor Nord GmbH");
    // the first cell is the selection checkbox; any other cell opens the invoice
    await row.getByRole("cell", { name: "Kontor Nord GmbH", exact: true }).click();
    await page.waitForURL(/\/invoices\/[^/]+$/);
    const number = page.locator("input[name='invoiceNumber']");
    await number.fill(first);
    await number.press("Enter");
    await page.getByText("Saved Invoice number.").waitFor();

    const second = `KN-${tag}-0902`;
    await drop([{ name: `kontor-${tag}-2.pdf`, mimeType: "application/pdf", buffer: await vendorPdf(second) }]);
    const next = await invoiceRow(second);
    await next.getByRole("cell", { name: second }).click();
    await page.waitForURL(/\/invoices\/[^/]+$/);
    expect(await page.locator("input[name='invoiceNumber']").inputValue()).toBe(second);
    const note = page.getByTestId("learned-invoiceNumber");
    await note.waitFor();
    expect(await note.innerText()).toMatch(new RegExp(`learned from your correction of ${first} on \\d{4}-\\d{2}-\\d{2}`));
  });
});
