import { PDFDocument, StandardFonts } from "pdf-lib";

// The demo's invoices: small, real, text-layer PDFs from four vendors in three currencies.

const VENDORS = [
  { name: "Papelería Moderna S.A. de C.V.", currency: "MXN", lines: [["Resmas papel carta", 12, 95.5], ["Tóner HP 85A", 2, 1350]] },
  { name: "Northwind Office Supply Inc.", currency: "USD", lines: [["Ergonomic chair", 2, 289], ["Desk lamp", 4, 34.99]] },
  { name: "Bürobedarf Müller GmbH", currency: "EUR", lines: [["Ordner A4", 30, 2.49], ["Druckerpapier", 10, 4.2]] },
  { name: "Transportes del Bajío", currency: "MXN", lines: [["Flete Querétaro–CDMX", 1, 8400]] },
] as const;

const money = (n: number) => n.toFixed(2);

/** A small, real, text-layer invoice PDF. */
export async function makeInvoicePdf(i: number, issueDate: Date): Promise<Buffer> {
  const v = VENDORS[i % VENDORS.length];
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${1000 + i}`);
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  let y = 790;
  const text = (s: string, x: number, f = font, size = 10) => page.drawText(s, { x, y, size, font: f });
  text(v.name, 50, bold, 14);
  y -= 30;
  text("INVOICE", 50, bold, 18);
  y -= 24;
  text(`Invoice number: INV-${1000 + i}`, 50);
  y -= 14;
  text(`Issue date: ${issueDate.toISOString().slice(0, 10)}`, 50);
  y -= 14;
  text(`Due date: ${new Date(issueDate.getTime() + 30 * 86_400_000).toISOString().slice(0, 10)}`, 50);
  y -= 14;
  text("Bill to: Acme Operations", 50);
  y -= 30;
  text("Description", 50, bold);
  text("Qty", 330, bold);
  text("Unit price", 380, bold);
  text("Amount", 480, bold);
  let subtotal = 0;
  for (const [desc, qty, unit] of v.lines) {
    y -= 16;
    const amount = qty * unit;
    subtotal += amount;
    text(desc, 50);
    text(String(qty), 330);
    text(money(unit), 380);
    text(money(amount), 480);
  }
  const tax = Math.round(subtotal * 0.16 * 100) / 100;
  y -= 30;
  text("Subtotal", 380);
  text(money(subtotal), 480);
  y -= 14;
  text("Tax 16%", 380);
  text(money(tax), 480);
  y -= 14;
  text(`Total ${v.currency}`, 380, bold);
  text(money(subtotal + tax), 480, bold);
  return Buffer.from(await pdf.save());
}
