import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { writeInvoicesCsv, writeInvoicesXlsx, type ExportInvoice } from "./invoices";

const inv: ExportInvoice = {
  id: "i1",
  status: "approved",
  kind: "invoice",
  invoiceNumber: "=HYPERLINK(\"x\")",
  issueDate: "2024-03-05",
  dueDate: null,
  vendorName: "Bürobedarf, Müller GmbH",
  vendorTaxId: "DE123",
  billToName: null,
  currency: "EUR",
  subtotal: "1234.50",
  taxAmount: "234.56",
  total: "1469.06",
  minConfidence: "0.875",
  duplicateOfId: null,
  duplicateOfLabel: null,
  filename: "a.pdf",
  pageStart: 2,
  pageEnd: 3,
};

async function* once<T>(x: T[]) {
  yield x;
}

async function collect(p: PassThrough) {
  const chunks: Buffer[] = [];
  p.on("data", (c) => chunks.push(c));
  await new Promise((r) => p.on("end", r));
  return Buffer.concat(chunks);
}

describe("invoice export", () => {
  it("writes real numbers and dates to two sheets", async () => {
    const out = new PassThrough();
    const done = collect(out);
    const counts = await writeInvoicesXlsx(
      out,
      () => once([inv]),
      () => once([{ invoiceId: "i1", invoiceNumber: "A", vendorName: "V", position: 0, description: "Ordner", quantity: "30.0000", unitPrice: "2.4900", amount: "74.70", currency: "EUR" }]),
    );
    expect(counts).toEqual({ invoices: 1, lines: 1 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await done) as unknown as ArrayBuffer);
    const s = wb.getWorksheet("Invoices")!;
    expect(s.getRow(1).getCell(1).value).toBe("Invoice number");
    const row = s.getRow(2);
    expect(row.getCell(12).value).toBe(1469.06);
    expect(row.getCell(7).value).toEqual(new Date("2024-03-05T00:00:00Z"));
    expect(row.getCell(16).value).toBe("2-3");
    expect(s.getRow(1).getCell(14).value).toBe("Possible duplicate of");
    expect(s.getRow(1).getCell(18).value).toBe("Duplicate's Docket id");
    const lines = wb.getWorksheet("Line items")!;
    expect(lines.getRow(2).getCell(5).value).toBe(30);
    expect(lines.getRow(2).getCell(3).value).toBe(1);
  });

  it("names a possible duplicate's original by number and file, its id in a column of its own", async () => {
    const out = new PassThrough();
    const done = collect(out);
    const dup = { ...inv, id: "i2", duplicateOfId: "i1", duplicateOfLabel: "F-17 · a.pdf, p. 2" };
    await writeInvoicesXlsx(out, () => once([inv, dup]), () => once([]));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await done) as unknown as ArrayBuffer);
    const s = wb.getWorksheet("Invoices")!;
    expect(s.getRow(2).getCell(14).value).toBeNull();
    expect(s.getRow(3).getCell(14).value).toBe("F-17 · a.pdf, p. 2");
    expect(s.getRow(3).getCell(18).value).toBe("i1");
  });

  it("writes CSV with quoting and formula-injection guard", async () => {
    const out = new PassThrough();
    const done = collect(out);
    await writeInvoicesCsv(out, () => once([inv]));
    const text = (await done).toString("utf8");
    const [header, row] = text.trim().split("\r\n");
    expect(header.startsWith("Invoice number,Type,Status")).toBe(true);
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain(`"Bürobedarf, Müller GmbH"`);
    expect(row).toContain("2024-03-05");
  });
});
