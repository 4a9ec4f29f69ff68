import { PDFDocument, StandardFonts } from "pdf-lib";

// The demo's invoices: small, real, text-layer PDFs from four vendors in three currencies.

const VENDORS = [
  { name: "Papelería Moderna S.A. de C.V.", address: "Av. Juárez 120, Centro, 06000 Ciudad de México", taxId: "RFC: PMO0101017A3", contact: "facturas@papeleriamoderna.mx", currency: "MXN", lines: [["Resmas papel carta", 12, 95.5], ["Tóner HP 85A", 2, 1350]] },
  { name: "Northwind Office Supply Inc.", address: "410 Harbor Blvd, Seattle, WA 98101", taxId: "Tax ID: 91-1234567", contact: "billing@northwindoffice.com", currency: "USD", lines: [["Ergonomic chair", 2, 289], ["Desk lamp", 4, 34.99]] },
  { name: "Bürobedarf Müller GmbH", address: "Hauptstraße 5, 80331 München", taxId: "USt-IdNr.: DE812345678", contact: "rechnung@bueromueller.de", currency: "EUR", lines: [["Ordner A4", 30, 2.49], ["Druckerpapier", 10, 4.2]] },
  { name: "Transportes del Bajío", address: "Blvd. Bernardo Quintana 300, 76090 Querétaro", taxId: "RFC: TBA0502149K1", contact: "facturacion@transportesdelbajio.mx", currency: "MXN", lines: [["Flete Querétaro–CDMX", 1, 8400]] },
] as const;

/**
 * Invoices the way vendors send them: the seller's block (name, address, tax id) on top, its legal name and billing
 * address in the footer. Two of the twelve are the
 * kind a reviewer meets every week, so the demo's review queue has something real to fix: a small carrier's invoice
 * with only its name at the top (the reader is unsure who sent it), and one whose printed total is not its subtotal
 * plus tax (the arithmetic check fails).
 */
const NAME_ONLY = 7;
const TOTAL_OFF = 10;

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
  if (i !== NAME_ONLY) {
    y -= 14;
    text(v.address, 50);
    y -= 12;
    text(v.taxId, 50);
  }
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
  text(money(subtotal + tax + (i === TOTAL_OFF ? 10 : 0)), 480, bold);
  if (i !== NAME_ONLY) {
    y = 40;
    text(`${v.name} · ${v.address} · ${v.contact}`, 50, font, 8);
  }
  return Buffer.from(await pdf.save());
}
