import MailComposer from "nodemailer/lib/mail-composer";
import { describe, expect, it } from "vitest";
import { IntakeError } from "./errors";
import { buildEmlFromManualEntry, parseEml } from "./eml";

const pdfBytes = Buffer.from("%PDF-1.4\n% invoice body\ntrailer<<>>\n%%EOF\n");
const pngBytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);

function compose(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(mail).compile().build();
}

describe("parseEml", () => {
  it("parses headers, both bodies and attachments of a real MIME message", async () => {
    const raw = await compose({
      from: '"Facturación Acme" <Billing@Acme.example>',
      to: "ap@docket.example, Controller <ctrl@docket.example>",
      cc: "audit@docket.example",
      subject: "Factura F-2024-001 — marzo",
      date: new Date("2024-03-05T10:00:00Z"),
      messageId: "<f-2024-001@acme.example>",
      text: "Adjuntamos la factura.",
      html: '<p>Adjuntamos la <b>factura</b>. <img src="cid:logo@acme"></p>',
      attachments: [
        { filename: "Factura Año 2024.pdf", content: pdfBytes, contentType: "application/pdf" },
        { filename: "logo.png", content: pngBytes, cid: "logo@acme" },
      ],
    });
    expect(raw.toString("latin1")).toContain("=?UTF-8?"); // the subject really is encoded on the wire

    const mail = await parseEml(raw, "factura.eml");
    expect(mail.messageId).toBe("<f-2024-001@acme.example>");
    expect(mail.messageIdGenerated).toBe(false);
    expect(mail.from).toEqual({ address: "billing@acme.example", name: "Facturación Acme" });
    expect(mail.to.map((a) => a.address)).toEqual(["ap@docket.example", "ctrl@docket.example"]);
    expect(mail.cc.map((a) => a.address)).toEqual(["audit@docket.example"]);
    expect(mail.subject).toBe("Factura F-2024-001 — marzo");
    expect(mail.date).toBe("2024-03-05T10:00:00.000Z");
    expect(mail.text.trim()).toBe("Adjuntamos la factura.");
    expect(mail.html).toContain("<b>factura</b>");

    const pdf = mail.attachments.find((a) => a.filename.endsWith(".pdf"))!;
    const logo = mail.attachments.find((a) => a.filename === "logo.png")!;
    expect(mail.attachments).toHaveLength(2);
    expect(pdf.filename).toBe("Factura Año 2024.pdf");
    expect(pdf.contentType).toBe("application/pdf");
    expect(Buffer.compare(pdf.content, pdfBytes)).toBe(0);
    expect(pdf.size).toBe(pdfBytes.length);
    expect(pdf.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(pdf.inline).toBe(false);
    expect(logo.inline).toBe(true);
  });

  it("surfaces the attachments of a forwarded (message/rfc822) email", async () => {
    const inner = await compose({
      from: "vendor@v.example",
      to: "me@x.example",
      subject: "Invoice 7",
      text: "see pdf",
      attachments: [{ filename: "inv-7.pdf", content: pdfBytes }],
    });
    const raw = await compose({
      from: "colleague@docket.example",
      subject: "Fwd: Invoice 7",
      text: "forwarding",
      attachments: [{ filename: "original.eml", content: inner, contentType: "message/rfc822" }],
    });
    const mail = await parseEml(raw, "fwd.eml");
    expect(mail.subject).toBe("Fwd: Invoice 7");
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([["inv-7.pdf", "application/pdf"]]);
    expect(Buffer.compare(mail.attachments[0].content, pdfBytes)).toBe(0);
    expect(mail.text).toContain("see pdf");
  });

  it("names unnamed attachments from their type", async () => {
    const raw = [
      "From: a@b.example",
      "Subject: scan",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="XX"',
      "",
      "--XX",
      "Content-Type: text/plain",
      "",
      "hello",
      "--XX",
      "Content-Type: application/pdf",
      "Content-Transfer-Encoding: base64",
      "Content-Disposition: attachment",
      "",
      pdfBytes.toString("base64"),
      "--XX--",
      "",
    ].join("\r\n");
    const mail = await parseEml(raw, "noname.eml");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["attachment-1.pdf"]);
    expect(Buffer.compare(mail.attachments[0].content, pdfBytes)).toBe(0);
  });

  it("generates the same Message-ID for the same message without one", async () => {
    const raw = "From: a@b.example\r\nSubject: no id\r\nDate: Tue, 5 Mar 2024 10:00:00 +0000\r\n\r\nbody\r\n";
    const a = await parseEml(raw, "a.eml");
    const b = await parseEml(Buffer.from(raw), "b.eml");
    const c = await parseEml(raw.replace("body", "other body"), "c.eml");
    expect(a.messageIdGenerated).toBe(true);
    expect(a.messageId).toMatch(/^<generated\.[0-9a-f]{32}@docket\.local>$/);
    expect(b.messageId).toBe(a.messageId);
    expect(c.messageId).not.toBe(a.messageId);
  });

  it("rejects a file that is not an email, naming it", async () => {
    await expect(parseEml("just some words\nwithout headers", "notes.eml")).rejects.toThrow(
      /^notes\.eml: this does not look like an email \(no From, Subject, Date or Message-ID header\)/,
    );
    await expect(parseEml(new Uint8Array(0), "empty.eml")).rejects.toBeInstanceOf(IntakeError);
  });

  it("enforces the size limit", async () => {
    const raw = `From: a@b.example\r\nSubject: big\r\n\r\n${"x".repeat(2048)}`;
    await expect(parseEml(raw, "big.eml", { maxBytes: 1024 })).rejects.toThrow("big.eml: the email is 2 KB, larger than the 1 KB limit");
  });
});

describe("buildEmlFromManualEntry", () => {
  const entry = {
    from: "Acme Billing <Billing@Acme.example>",
    to: "ap@docket.example",
    subject: "  Invoice 42 ",
    body: "Total due 100.00\r\nThanks",
    attachments: [{ filename: "inv-42.pdf", content: pdfBytes }],
  };

  it("produces the parsed-email shape with a sniffed content type", () => {
    const mail = buildEmlFromManualEntry(entry);
    expect(mail.from).toEqual({ address: "billing@acme.example", name: "Acme Billing" });
    expect(mail.to).toEqual([{ address: "ap@docket.example", name: "" }]);
    expect(mail.subject).toBe("Invoice 42");
    expect(mail.text).toBe("Total due 100.00\nThanks");
    expect(mail.html).toBeNull();
    expect(mail.attachments[0]).toMatchObject({ filename: "inv-42.pdf", contentType: "application/pdf", size: pdfBytes.length, inline: false });
    expect(mail.messageId).toMatch(/^<manual\.[0-9a-f]{32}@docket\.local>$/);
  });

  it("gives a repeated entry the same Message-ID (a duplicate) and a changed one a new ID", () => {
    const a = buildEmlFromManualEntry(entry);
    const again = buildEmlFromManualEntry({ ...entry, subject: "Invoice 42", body: "Total due 100.00\nThanks\n", date: new Date() });
    const otherAttachment = buildEmlFromManualEntry({ ...entry, attachments: [{ filename: "inv-42.pdf", content: Buffer.from("%PDF-1.4 other") }] });
    const otherSender = buildEmlFromManualEntry({ ...entry, from: "someone@else.example" });
    expect(again.messageId).toBe(a.messageId);
    expect(otherAttachment.messageId).not.toBe(a.messageId);
    expect(otherSender.messageId).not.toBe(a.messageId);
  });

  it("rejects bad input with a message naming the field", () => {
    expect(() => buildEmlFromManualEntry({ ...entry, from: "not an address" })).toThrow('Manual email: the From address "not an address" is not a valid email address');
    expect(() => buildEmlFromManualEntry({ ...entry, to: "ok@x.example, broken" })).toThrow('the To address "broken" is not a valid email address');
    expect(() => buildEmlFromManualEntry({ ...entry, attachments: [{ filename: "e.pdf", content: new Uint8Array(0) }] })).toThrow(
      'the attachment "e.pdf" is empty (0 bytes)',
    );
    expect(() => buildEmlFromManualEntry({ from: "a@b.example", subject: " ", body: "" })).toThrow("enter a subject, a body or at least one attachment");
    expect(() => buildEmlFromManualEntry({ ...entry, date: "not a date" })).toThrow('the date "not a date" is not a valid date');
  });
});
