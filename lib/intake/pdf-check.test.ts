import { readFileSync } from "node:fs";
import { PDFDocument } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { IntakeError } from "./errors";
import { checkPdf, checkPdfOrThrow } from "./pdf-check";

// Encrypted fixtures were made with qpdf from one pdf-lib page ("Invoice INV-9 Total 10.00"):
//   pdf-user-password-*: user password "secret" (opening needs it); pdf-owner-only-*: empty user
//   password, owner password "owner" (opens without a password). rN = security handler revision.
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

async function plainPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage().drawText("Invoice 1");
  return doc.save();
}

/** What pdf.js (the engine the pipeline uses) says: does the file open without a password? */
async function pdfjsOpensWithoutPassword(bytes: Uint8Array): Promise<boolean> {
  const task = getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false });
  try {
    const doc = await task.promise;
    await doc.destroy();
    return true;
  } catch (e) {
    if ((e as Error).name === "PasswordException") return false;
    throw e;
  }
}

describe("checkPdf", () => {
  it("accepts a normal PDF and reports its version", async () => {
    const r = checkPdfOrThrow(await plainPdf(), "inv.pdf");
    expect(r.encrypted).toBe(false);
    expect(r.version).toMatch(/^1\.\d$/);
  });

  it("refuses PDFs that need a password to open, with the message to remove it", () => {
    for (const name of ["pdf-user-password-r2.pdf", "pdf-user-password-r3.pdf", "pdf-user-password-r6.pdf", "pdf-user-password-r6-xref-stream.pdf"]) {
      const r = checkPdf(fixture(name), "statement.pdf");
      expect(r, name).toBeInstanceOf(IntakeError);
      expect((r as IntakeError).code).toBe("pdf_encrypted");
      expect((r as IntakeError).message).toMatch(/^statement\.pdf: this PDF is password-protected; remove the password and upload again/);
    }
  });

  it("lets through PDFs that only carry an owner (permissions) password, flagged as encrypted", () => {
    for (const name of ["pdf-owner-only-r2.pdf", "pdf-owner-only-r3.pdf", "pdf-owner-only-r4-xref-stream.pdf", "pdf-owner-only-r6.pdf"]) {
      const r = checkPdf(fixture(name), name);
      expect(r, name).not.toBeInstanceOf(IntakeError);
      expect((r as { encrypted: boolean }).encrypted, name).toBe(true);
    }
  });

  it("agrees with pdf.js on every encrypted fixture", async () => {
    const names = [
      "pdf-user-password-r2.pdf",
      "pdf-user-password-r3.pdf",
      "pdf-user-password-r6.pdf",
      "pdf-user-password-r6-xref-stream.pdf",
      "pdf-owner-only-r2.pdf",
      "pdf-owner-only-r3.pdf",
      "pdf-owner-only-r4-xref-stream.pdf",
      "pdf-owner-only-r6.pdf",
    ];
    for (const name of names) {
      const ours = !(checkPdf(fixture(name), name) instanceof IntakeError);
      expect(ours, name).toBe(await pdfjsOpensWithoutPassword(fixture(name)));
    }
  });

  it("refuses an encrypted PDF whose security handler is not the standard one", () => {
    const pdf = Buffer.from(
      "%PDF-1.6\n1 0 obj<</Type/Catalog>>endobj\n2 0 obj<</Filter/Adobe.PubSec/V 4/R 4>>endobj\ntrailer<</Root 1 0 R/Encrypt 2 0 R/Size 3>>\nstartxref\n0\n%%EOF\n",
      "latin1",
    );
    expect((checkPdf(pdf, "cert.pdf") as IntakeError).code).toBe("pdf_encrypted");
  });

  it("does not mistake /EncryptMetadata or an /Encrypt word outside the trailer for encryption", () => {
    const pdf = Buffer.from(
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Note(/Encrypt 9 0 R)>>endobj\ntrailer<</Root 1 0 R/Size 2>>\nstartxref\n0\n%%EOF\n",
      "latin1",
    );
    expect(checkPdfOrThrow(pdf, "plain.pdf").encrypted).toBe(false);
  });

  it("refuses a truncated PDF and a file without a PDF header", async () => {
    const full = await plainPdf();
    const cut = checkPdf(full.subarray(0, Math.floor(full.length * 0.6)), "half.pdf") as IntakeError;
    expect(cut.code).toBe("pdf_corrupt");
    expect(cut.message).toMatch(/^half\.pdf: this PDF is incomplete \(it has no %%EOF end marker\)/);
    const notPdf = checkPdf(Buffer.from("<html>nope</html>"), "x.pdf") as IntakeError;
    expect(notPdf.message).toBe("x.pdf: this is not a PDF (it has no %PDF- header)");
  });
});
