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
});
