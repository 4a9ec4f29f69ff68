import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import MailComposer from "nodemailer/lib/mail-composer";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { parseEml } from "./eml";
import { intakeEmailAttachments, intakeFile } from "./intake-file";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

async function pdf(text: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText(text);
  return doc.save();
}

describe("intakeFile", () => {
  it("turns a zip of mixed files into documents, with an error per bad file and nothing good lost", async () => {
    const good = await pdf("Invoice A");
    const truncated = (await pdf("Invoice B")).slice(0, 300);
    const eml = await new MailComposer({ from: "v@x.example", subject: "Inv C", text: "hi" }).compile().build();
    const zip = zipSync({
      "good.pdf": good,
      "locked.pdf": fixture("pdf-user-password-r3.pdf"),
      "secured.pdf": fixture("pdf-owner-only-r3.pdf"),
      "cut.pdf": truncated,
      "mail.eml": eml,
      "letter.docx": zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8("<w/>") }),
      "__MACOSX/._good.pdf": strToU8("x"),
    });
    const r = await intakeFile(zip, "batch.zip");
    expect(r.items.map((i) => [i.path, i.type.format])).toEqual([
      ["batch.zip/good.pdf", "pdf"],
      ["batch.zip/secured.pdf", "pdf"],
      ["batch.zip/mail.eml", "eml"],
    ]);
    expect(r.items[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.items[1].pdf?.encrypted).toBe(true);
    expect(r.items[2].email?.subject).toBe("Inv C");
    expect(r.errors.map((e) => [e.path, e.error.code]).sort()).toEqual([
      ["batch.zip/cut.pdf", "pdf_corrupt"],
      ["batch.zip/letter.docx", "unsupported_type"],
      ["batch.zip/locked.pdf", "pdf_encrypted"],
    ]);
    expect(r.errors.find((e) => e.path.endsWith("locked.pdf"))?.error.message).toContain(
      "batch.zip/locked.pdf: this PDF is password-protected; remove the password and upload again",
    );
    expect(r.skipped).toEqual([{ path: "batch.zip/__MACOSX/._good.pdf", reason: "macos-metadata" }]);
  });

  it("returns a single file's error on its own", async () => {
    const r = await intakeFile(strToU8("<html>login</html>"), "inv.pdf");
    expect(r.items).toEqual([]);
    expect(r.errors[0].path).toBe("inv.pdf");
    expect(r.errors[0].error.code).toBe("unsupported_type");
  });

  it("takes in an email's attachments, skipping inline logos", async () => {
    const raw = await new MailComposer({
      from: "v@x.example",
      subject: "Invoices",
      html: '<img src="cid:logo">',
      attachments: [
        { filename: "a.pdf", content: Buffer.from(await pdf("A")) },
        { filename: "logo.png", content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), cid: "logo" },
        { filename: "scans.zip", content: Buffer.from(zipSync({ "b.pdf": await pdf("B") })) },
      ],
    })
      .compile()
      .build();
    const r = await intakeEmailAttachments(await parseEml(raw, "m.eml"));
    expect(r.items.map((i) => i.path)).toEqual(["a.pdf", "scans.zip/b.pdf"]);
    expect(r.skipped).toEqual([{ path: "logo.png", reason: "inline-image" }]);
  });

  const CFDI = `<?xml version="1.0" encoding="UTF-8"?><cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="A" Folio="9" Fecha="2024-05-02T09:00:00" SubTotal="100.00" Total="116.00" Moneda="MXN" TipoDeComprobante="I"><cfdi:Emisor Rfc="AAA010101AAA" Nombre="FERRETERIA DEL NORTE"/></cfdi:Comprobante>`;

  it("pairs an e-invoice XML with its PDF in a zip (same name), keeps an unpaired XML, refuses other XML", async () => {
    const zip = zipSync({
      "A-9.pdf": await pdf("Factura A-9"),
      "A-9.xml": strToU8(CFDI),
      "other.pdf": await pdf("Otra"),
      "lonely.xml": strToU8(CFDI.replace('Folio="9"', 'Folio="10"')),
      "notes.xml": strToU8(`<?xml version="1.0"?><notes/>`),
    });
    const r = await intakeFile(zip, "cfdi.zip");
    expect(r.items.map((i) => [i.path, i.type.format, i.pairedXml?.name ?? null])).toEqual([
      ["cfdi.zip/A-9.pdf", "pdf", "A-9.xml"],
      ["cfdi.zip/other.pdf", "pdf", null],
      ["cfdi.zip/lonely.xml", "xml", null],
    ]);
    expect(r.errors.map((e) => [e.path, e.error.code])).toEqual([["cfdi.zip/notes.xml", "unsupported_type"]]);
    expect(r.errors[0].error.message).toMatch(/it looks like an XML file/);
  });

  it("pairs the only PDF and the only XML of an email whatever their names (as CFDI mail carries them)", async () => {
    const raw = await new MailComposer({
      from: "facturas@proveedor.example",
      subject: "CFDI",
      text: "Adjunto factura",
      attachments: [
        { filename: "factura.pdf", content: Buffer.from(await pdf("Factura")) },
        { filename: "AAA010101AAA_A9.xml", content: CFDI, contentType: "text/xml" },
      ],
    }).compile().build();
    const r = await intakeEmailAttachments(await parseEml(new Uint8Array(raw), "cfdi.eml"));
    expect(r.items).toHaveLength(1);
    expect(r.items[0].name).toBe("factura.pdf");
    expect(new TextDecoder().decode(r.items[0].pairedXml!.bytes)).toContain("FERRETERIA DEL NORTE");
  });
});
