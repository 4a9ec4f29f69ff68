import { PassThrough, type Writable } from "node:stream";
import ExcelJS from "exceljs";

// Invoice exports: Excel (two sheets, real number and date cells, streamed) and CSV. Rows come from async
// batches (db/queries/invoices iterateInvoices / iterateLineItems), so memory stays flat however many there are.

export interface ExportInvoice {
  id: string;
  status: string;
  kind: string;
  invoiceNumber: string | null;
  issueDate: string | null;
  dueDate: string | null;
  vendorName: string | null;
  vendorTaxId: string | null;
  billToName: string | null;
  currency: string | null;
  subtotal: string | null;
  taxAmount: string | null;
  total: string | null;
  minConfidence: string;
  duplicateOfId: string | null;
  /** The possible original as a person finds it (number · file, page); its id goes in its own column. */
  duplicateOfLabel: string | null;
  filename: string;
  pageStart: number;
  pageEnd: number;
}

export interface ExportLine {
  invoiceId: string;
  invoiceNumber: string | null;
  vendorName: string | null;
  position: number;
  description: string;
  quantity: string | null;
  unitPrice: string | null;
  amount: string | null;
  currency: string | null;
}

const num = (v: string | null) => (v === null || v === "" ? null : Number(v));
/** ISO date → a date cell at UTC midnight (Excel shows the same calendar day everywhere). */
const day = (v: string | null) => (v ? new Date(`${v}T00:00:00Z`) : null);

const invoiceColumns = [
  { header: "Invoice number", key: "invoiceNumber", width: 18 },
  { header: "Type", key: "kind", width: 12 },
  { header: "Status", key: "status", width: 13 },
  { header: "Vendor", key: "vendorName", width: 32 },
  { header: "Vendor tax ID", key: "vendorTaxId", width: 18 },
  { header: "Bill to", key: "billToName", width: 24 },
  { header: "Issue date", key: "issueDate", width: 12, style: { numFmt: "yyyy-mm-dd" } },
  { header: "Due date", key: "dueDate", width: 12, style: { numFmt: "yyyy-mm-dd" } },
  { header: "Currency", key: "currency", width: 9 },
  { header: "Subtotal", key: "subtotal", width: 14, style: { numFmt: "#,##0.00" } },
  { header: "Tax", key: "taxAmount", width: 12, style: { numFmt: "#,##0.00" } },
  { header: "Total", key: "total", width: 14, style: { numFmt: "#,##0.00" } },
  { header: "Lowest field confidence", key: "minConfidence", width: 12, style: { numFmt: "0%" } },
  { header: "Possible duplicate of", key: "duplicateOfLabel", width: 34 },
  { header: "File", key: "filename", width: 28 },
  { header: "Pages", key: "pages", width: 8 },
  { header: "Docket id", key: "id", width: 38 },
  { header: "Duplicate's Docket id", key: "duplicateOfId", width: 38 },
];

const lineColumns = [
  { header: "Invoice number", key: "invoiceNumber", width: 18 },
  { header: "Vendor", key: "vendorName", width: 32 },
  { header: "Line", key: "position", width: 6 },
  { header: "Description", key: "description", width: 48 },
  { header: "Quantity", key: "quantity", width: 10, style: { numFmt: "#,##0.####" } },
  { header: "Unit price", key: "unitPrice", width: 12, style: { numFmt: "#,##0.00##" } },
  { header: "Amount", key: "amount", width: 14, style: { numFmt: "#,##0.00" } },
  { header: "Currency", key: "currency", width: 9 },
  { header: "Docket invoice id", key: "invoiceId", width: 38 },
];

function invoiceRow(i: ExportInvoice) {
  return {
    ...i,
    // in words, as on screen ("needs review"), not the stored status
    status: i.status.replace(/_/g, " "),
    issueDate: day(i.issueDate),
    dueDate: day(i.dueDate),
    subtotal: num(i.subtotal),
    taxAmount: num(i.taxAmount),
    total: num(i.total),
    minConfidence: Number(i.minConfidence),
    pages: i.pageStart === i.pageEnd ? String(i.pageStart) : `${i.pageStart}-${i.pageEnd}`,
  };
}

/** Stream an .xlsx with sheets "Invoices" and "Line items" into `out`. */
export async function writeInvoicesXlsx(
  out: Writable,
  invoices: () => AsyncIterable<ExportInvoice[]>,
  lines: () => AsyncIterable<ExportLine[]>,
): Promise<{ invoices: number; lines: number }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "Docket";
  const sheet = wb.addWorksheet("Invoices", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = invoiceColumns;
  sheet.getRow(1).font = { bold: true };
  let n = 0;
  for await (const batch of invoices()) {
    for (const i of batch) sheet.addRow(invoiceRow(i)).commit();
    n += batch.length;
  }
  sheet.commit();
  const lineSheet = wb.addWorksheet("Line items", { views: [{ state: "frozen", ySplit: 1 }] });
  lineSheet.columns = lineColumns;
  lineSheet.getRow(1).font = { bold: true };
  let m = 0;
  for await (const batch of lines()) {
    for (const l of batch) {
      lineSheet.addRow({ ...l, position: l.position + 1, quantity: num(l.quantity), unitPrice: num(l.unitPrice), amount: num(l.amount) }).commit();
    }
    m += batch.length;
  }
  lineSheet.commit();
  await wb.commit();
  return { invoices: n, lines: m };
}

const csvCell = (v: unknown) => {
  if (v === null || v === undefined) return "";
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  // Guard against formula injection when the CSV is opened in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** CSV of the invoices (one row each), streamed. */
export async function writeInvoicesCsv(out: Writable, invoices: () => AsyncIterable<ExportInvoice[]>) {
  const cols = invoiceColumns.map((c) => c.key);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write(`${invoiceColumns.map((c) => csvCell(c.header)).join(",")}\r\n`);
  let n = 0;
  for await (const batch of invoices()) {
    let chunk = "";
    for (const i of batch) {
      const row = { ...i, pages: i.pageStart === i.pageEnd ? String(i.pageStart) : `${i.pageStart}-${i.pageEnd}` } as Record<string, unknown>;
      chunk += `${cols.map((k) => csvCell(row[k])).join(",")}\r\n`;
    }
    await write(chunk);
    n += batch.length;
  }
  out.end();
  return { invoices: n };
}

/** A web ReadableStream fed by a writer function — for route handlers. */
export function streamFrom(write: (out: PassThrough) => Promise<unknown>): ReadableStream<Uint8Array> {
  const pass = new PassThrough();
  write(pass).catch((err) => pass.destroy(err as Error));
  return new ReadableStream({
    start(controller) {
      pass.on("data", (c: Buffer) => controller.enqueue(new Uint8Array(c)));
      pass.on("end", () => controller.close());
      pass.on("error", (e) => controller.error(e));
    },
    cancel() {
      pass.destroy();
    },
  });
}
