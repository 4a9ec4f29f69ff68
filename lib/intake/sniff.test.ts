import ExcelJS from "exceljs";
import { strToU8, zipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { IntakeError } from "./errors";
import { sniff, sniffOrThrow, type SniffResult } from "./sniff";

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);

function ok(result: SniffResult | IntakeError): SniffResult {
  if (result instanceof IntakeError) throw new Error(`expected a detection, got error: ${result.message}`);
  return result;
}
function err(result: SniffResult | IntakeError): IntakeError {
  if (!(result instanceof IntakeError)) throw new Error(`expected an error, got ${result.format}`);
  return result;
}

async function realPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("Invoice 42");
  return doc.save();
}

const EML = [
  "Received: from mx.example.com by mail.example.org; Tue, 5 Mar 2024 10:00:00 +0000",
  "From: Acme Billing <billing@acme.example>",
  "To: ap@docket.example",
  "Subject: Invoice INV-1001",
  "Date: Tue, 5 Mar 2024 10:00:00 +0000",
  "Message-ID: <inv-1001@acme.example>",
  "MIME-Version: 1.0",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Please find attached invoice INV-1001.",
].join("\r\n");

describe("sniff", () => {
  it("recognises a real PDF by its header, whatever the file is called", async () => {
    const r = ok(sniff(await realPdf(), "scan.png"));
    expect(r).toMatchObject({ format: "pdf", mime: "application/pdf", kind: "pdf", extension: "pdf" });
  });

  it("accepts a PDF header preceded by junk bytes within the first KB", () => {
    expect(ok(sniff(text("\r\n\r\n%PDF-1.4\n%%EOF"), "x.pdf")).format).toBe("pdf");
  });

  it("recognises PNG, JPEG and TIFF in both byte orders", () => {
    expect(ok(sniff(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), "a")).mime).toBe("image/png");
    expect(ok(sniff(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46), "b")).mime).toBe("image/jpeg");
    const le = ok(sniff(bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0), "c"));
    const be = ok(sniff(bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8), "d"));
    expect([le.mime, le.kind, be.mime, be.kind]).toEqual(["image/tiff", "image", "image/tiff", "image"]);
  });

  it("recognises a plain zip archive", () => {
    const zip = zipSync({ "a.pdf": strToU8("%PDF-1.4 fake"), "b.txt": strToU8("hello") });
    expect(ok(sniff(zip, "bundle.zip"))).toMatchObject({ format: "zip", kind: "archive", mime: "application/zip" });
  });

  it("a zip that stores its PDFs uncompressed is a zip, though %PDF- is in its first kilobyte", () => {
    const zip = zipSync({ "batch/inv-1.pdf": strToU8("%PDF-1.4\n1 0 obj\n"), "batch/inv-2.pdf": strToU8("%PDF-1.4\n") }, { level: 0 });
    expect(new TextDecoder("latin1").decode(zip.subarray(0, 1024))).toContain("%PDF-");
    expect(ok(sniff(zip, "batch.zip")).format).toBe("zip");
  });

  it("tells an .xlsx workbook from a plain zip by its [Content_Types].xml and xl/ parts", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Fleet").addRow(["VIN", "Brand"]);
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const r = ok(sniff(xlsx, "fleet.zip"));
    expect(r.format).toBe("xlsx");
    expect(r.kind).toBe("spreadsheet");
    expect(r.mime).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });

  it("rejects a .docx with a message saying it is a Word document", () => {
    const docx = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8("<w:document/>") });
    const e = err(sniff(docx, "invoice.docx"));
    expect(e.code).toBe("unsupported_type");
    expect(e.message).toContain("invoice.docx: this file is not a PDF, PNG, JPEG, TIFF, ZIP, email, CSV, Excel (.xlsx) or e-invoice XML");
    expect(e.message).toContain("Word document");
  });

  it("recognises an email by its headers, also with an mbox From_ line", () => {
    expect(ok(sniff(text(EML), "message.txt"))).toMatchObject({ format: "eml", mime: "message/rfc822", kind: "email" });
    expect(ok(sniff(text(`From billing@acme.example Tue Mar  5 10:00:00 2024\n${EML}`), "m")).format).toBe("eml");
  });

  it("does not take a text file with one colon line for an email", () => {
    const r = sniff(text("Note: call the vendor tomorrow\nabout the invoice"), "note.eml");
    expect(err(r).message).toContain("it looks like plain text");
  });

  it("recognises CSV with comma, semicolon and tab delimiters and quoted fields", () => {
    expect(ok(sniff(text('vin,brand,model\n"1HG,CM",Honda,Civic\nX2,Ford,"Focus ""ST"""\n'), "f")).format).toBe("csv");
    expect(ok(sniff(text("vin;marca;modelo\nA1;Nissan;Versa\nA2;VW;Jetta\n"), "g")).format).toBe("csv");
    expect(ok(sniff(text("vin\tbrand\nA1\tKia\n"), "h")).mime).toBe("text/csv");
  });

  it("names the file and what it looks like when it is an HTML page posing as a PDF", () => {
    const e = err(sniff(text("<!DOCTYPE html><html><body>Session expired</body></html>"), "invoice.pdf"));
    expect(e).toBeInstanceOf(IntakeError);
    expect(e.filename).toBe("invoice.pdf");
    expect(e.message).toMatch(/^invoice\.pdf: this file is not a PDF, PNG, JPEG, TIFF, ZIP, email, CSV, Excel \(\.xlsx\) or e-invoice XML \(it looks like a web page \(HTML\)/);
  });

  it("describes common unsupported binaries", () => {
    expect(err(sniff(text("GIF89a\x01\x00\x01\x00"), "logo.gif")).message).toContain("a GIF image");
    expect(err(sniff(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0), "mail.msg")).message).toContain("Outlook .msg");
    expect(err(sniff(bytes(0, 0, 0, 0x18, ...text("ftypheic")), "IMG_1.HEIC")).message).toContain("HEIC");
    expect(err(sniff(bytes(0x1f, 0x8b, 8, 0, 0, 0), "a.gz")).message).toContain("gzip");
    expect(err(sniff(bytes(0x00, 0x13, 0x37, 0x00, 0x99), "blob.bin")).message).toContain("unrecognised binary data starting with 00 13 37 00 99");
  });

  it("rejects an empty file and a file over the size limit, naming both", () => {
    const empty = err(sniff(new Uint8Array(0), "blank.pdf"));
    expect(empty.code).toBe("empty");
    expect(empty.message).toContain("blank.pdf: the file is empty");

    const big = new Uint8Array(3 * 1024 * 1024);
    big.set(text("%PDF-1.7"));
    const tooBig = err(sniff(big, "huge.pdf", { maxFileBytes: 2 * 1024 * 1024 }));
    expect(tooBig.code).toBe("too_large");
    expect(tooBig.message).toBe("huge.pdf: the file is 3 MB, larger than the 2 MB limit per file");
    expect(ok(sniff(big, "huge.pdf")).format).toBe("pdf"); // default limit is 25 MB
  });

  it("applies the default 25 MB limit", () => {
    const big = new Uint8Array(25 * 1024 * 1024 + 1);
    big.set(text("%PDF-1.7"));
    expect(err(sniff(big, "big.pdf")).code).toBe("too_large");
  });

  it("refuses a recognised format that is not allowed here, saying what it is", () => {
    const e = err(sniff(text("a,b\n1,2\n"), "rows.csv", { allowed: ["pdf", "png", "jpeg", "tiff", "zip", "eml"] }));
    expect(e.message).toBe("rows.csv: this file is not a PDF, PNG, JPEG, TIFF, ZIP or email (it looks like a CSV file, which is not accepted here)");
  });

  it("sniffOrThrow throws the IntakeError", () => {
    expect(() => sniffOrThrow(text("just words"), "memo.pdf")).toThrow(/memo\.pdf: this file is not/);
  });

  it("accepts an e-invoice XML by its content (UBL, CFDI, CII), refuses other XML and one over the XML size limit", () => {
    const ubl = strToU8(`<?xml version="1.0"?><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>`);
    const r = sniff(ubl, "whatever.txt");
    expect(r).toMatchObject({ format: "xml", mime: "application/xml", kind: "einvoice" });
    const other = sniff(strToU8(`<?xml version="1.0"?><rss/>`), "feed.xml");
    expect(other).toBeInstanceOf(IntakeError);
    const big = new Uint8Array(11 * 1024 * 1024).fill(0x20);
    big.set(ubl);
    const tooBig = sniff(big, "huge.xml", { maxFileBytes: 50 * 1024 * 1024 });
    expect(tooBig).toBeInstanceOf(IntakeError);
    expect((tooBig as IntakeError).code).toBe("too_large");
  });
});
