import { describe, expect, it } from "vitest";
import { answerFromPassages, NOT_FOUND, questionKind, type Passage } from "./answer";
import { chunkPage } from "./chunk";

const passage = (text: string, over: Partial<Passage> = {}): Passage => ({ chunkId: 1, documentId: "d", filename: "p.pdf", page: 2, start: 100, text, score: 5, coverage: 1, ...over });

describe("offline answers", () => {
  it("tells what a question asks for", () => {
    expect(questionKind("¿Cuándo vence la póliza?")).toBe("date");
    expect(questionKind("¿Cuál es el número de póliza de Transportes del Norte?")).toBe("id");
    expect(questionKind("What is the total due on invoice INV-1?")).toBe("amount");
    expect(questionKind("¿En cuántos días se debe reportar un siniestro?")).toBe("text");
    expect(questionKind("Who is the vendor of invoice INV-1?")).toBe("name");
  });

  it("answers a due date with the end of the period, not its start, quoting the page text exactly", () => {
    const text = "Inicio de vigencia: 01/04/2025\nFin de vigencia: 31/03/2026\nPrima total anual: $ 48.250,00 MXN";
    const a = answerFromPassages("¿Cuándo vence la póliza?", [passage(text)], { lang: "es" });
    expect(a).toMatchObject({ found: true, value: "2026-03-31", kind: "date" });
    expect(text.slice(a.citations[0].start - 100, a.citations[0].end - 100)).toBe(a.citations[0].quote);
    expect(a.citations[0].quote).toContain("Fin de vigencia");
  });

  it("never answers when an invoice is due with its delivery, service or order date", () => {
    const de = "Rechnung Nr. 471102\nRechnungsdatum: 05.03.2018\nLiefer- und Leistungsdatum: 06.03.2018\nZahlbar sofort rein netto";
    const a = answerFromPassages("When is invoice 471102 due?", [passage(de)], { lang: "de" });
    expect(a.value).not.toBe("2018-03-06");
    expect(a.value).not.toBe("2018-03-05");
    const en = "Invoice INV-88\nOrder date: 2025-02-20\nDelivery date: 2025-03-04\nPayment due: 2025-03-31";
    expect(answerFromPassages("When is invoice INV-88 due?", [passage(en)], { lang: "en" }).value).toBe("2025-03-31");
    const es = "Factura F-12\nFecha de entrega: 04/03/2025\nVencimiento: 03/04/2025";
    expect(answerFromPassages("¿Cuándo vence la factura F-12?", [passage(es)], { lang: "es" }).value).toBe("2025-04-03");
    const noDue = "Invoice INV-90\nInvoice date: 2025-03-01\nDelivery date: 2025-03-04\nPayable immediately without deduction";
    expect(answerFromPassages("When is invoice INV-90 due?", [passage(noDue)], { lang: "en" }).value).not.toBe("2025-03-04");
  });

  it("reads percentages and skips clause numbers and the days of dates when asked for an amount", () => {
    const a = answerFromPassages("¿Cuál es el deducible por robo total?", [passage("Cláusula 147. Deducible por robo total: el deducible será del 10% de la suma asegurada.")], { lang: "es" });
    expect(a.value).toBe("10%");
    const rent = answerFromPassages("What is the monthly rent?", [passage("Valid from July 21, 2025. The Tenant shall pay a monthly rent of $12,500.00 plus tax.")], { lang: "en" });
    expect(rent.value).toBe("12500.00");
  });

  it("never answers with the id the question names, and says not found without support", () => {
    const a = answerFromPassages("What is the VAT number of the vendor on invoice INV-5037?", [passage("Invoice number: INV-5037; Vendor: Acme; Vendor tax id: GB100007919;")], { lang: "en" });
    expect(a.value).toBe("GB100007919");
    const none = answerFromPassages("What is the IBAN?", [passage("Total due: $10.00", { coverage: 0.2 })], { lang: "en" });
    expect(none).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
  });
});

describe("a question whose id picked the document", () => {
  it("is answered only from a passage that covers the rest of the question, not the id alone", () => {
    const text = "Póliza No. MTR-2025-118822\nTomador: Transportes del Norte SA de CV\nPrima total anual: $48,250.00 MXN";
    const q = "What is the broker commission rate on policy MTR-2025-118822?";
    // the id weighs most of the question among many documents: the passage "covers" it, but not what is asked
    expect(answerFromPassages(q, [passage(text, { coverage: 0.9, coverageWithoutAnchor: 0.1 })], { lang: "en" })).toMatchObject({ found: false, answer: NOT_FOUND, citations: [] });
    const premium = answerFromPassages("What is the total annual premium of policy MTR-2025-118822?", [passage(text, { coverage: 0.95, coverageWithoutAnchor: 0.9 })], { lang: "en" });
    expect(premium).toMatchObject({ found: true, value: "48250.00" });
  });
});

describe("a party asked for by its role", () => {
  // the e-invoice's fields as they are indexed: the seller stands before the buyer, both labelled
  const fields = "Invoice number: R-471102; Vendor: Lieferant GmbH; Vendor tax id: DE136695976; Buyer: Kunde AG; Issue date: 2018-03-05; Total: 529.87 EUR";
  it("answers the buyer with the name under a buyer's label, never the seller's name beside it", () => {
    for (const q of ["Who is the buyer of invoice R-471102?", "Who is the customer on invoice R-471102?", "Wer ist der Käufer der Rechnung R-471102?", "Qui est l'acheteur de la facture R-471102 ?"]) {
      expect(answerFromPassages(q, [passage(fields)], { lang: "en" }).value, q).toBe("Kunde AG");
    }
    expect(answerFromPassages("Who is the seller of invoice R-471102?", [passage(fields)], { lang: "en" }).value).toBe("Lieferant GmbH");
    const page = "Rechnung Nr. 471102\nVerkäufer: Lieferant GmbH, Hauptstr. 1\nRechnungsempfänger: Kunde AG, Marktplatz 2";
    expect(answerFromPassages("Wer ist der Rechnungsempfänger der Rechnung 471102?", [passage(page)], { lang: "de" }).value).toBe("Kunde AG, Marktplatz 2");
    expect(answerFromPassages("Who is the vendor of invoice 471102?", [passage(page)], { lang: "en" }).value).toBe("Lieferant GmbH, Hauptstr. 1");
  });

  it("reads names in any letters, with hyphens, and under a label that ends its line", () => {
    const fields = "Invoice number: 9314110911/00/M/00/N; Vendor: MUSTER-Autovermietung; Buyer: MUSTER-KUNDE GMBH; Total: 340.96 EUR";
    expect(answerFromPassages("Who is the buyer of invoice 9314110911/00/M/00/N?", [passage(fields)], { lang: "en" }).value).toBe("MUSTER-KUNDE GMBH");
    expect(answerFromPassages("Who is the seller of invoice 9314110911/00/M/00/N?", [passage(fields)], { lang: "en" }).value).toBe("MUSTER-Autovermietung");
    expect(answerFromPassages("Who is the buyer of invoice R18-31?", [passage("Invoice number: R18-31; Vendor: Physiotherapeutin; Buyer: Liselotte Müller; Total: 380.00 EUR")], { lang: "en" }).value).toBe("Liselotte Müller");
    const page = "Handelsrechnung Nr. R18-31 vom 03.10.2018\nRechnungswährung  : EUR\nVerkäufer:\nPhysiotherapeutin\nTanja Tinder\nMusterstraße 12\nKäufer/Leistungsempfänger:\nLiselotte Müller\nRechnungsstraße 12";
    expect(answerFromPassages("Who is the buyer of invoice R18-31?", [passage(page)], { lang: "en" }).value).toBe("Liselotte Müller");
    expect(answerFromPassages("Who is the seller of invoice R18-31?", [passage(page)], { lang: "en" }).value).toBe("Physiotherapeutin");
  });

  it("does not answer the buyer with the seller when the passage names only the seller", () => {
    const a = answerFromPassages("Who is the buyer of invoice R-471102?", [passage("Invoice number: R-471102; Vendor: Lieferant GmbH; Total: 529.87 EUR")], { lang: "en" });
    expect(a.value).toBeNull();
  });
});

describe("chunking", () => {
  it("keeps table rows apart, with their header as context, and exact spans", () => {
    const text = "FLEET\nPlate  VIN  Make\nABC-123  1HGCM82633A004352  FORD\nXYZ-987  2HGCM82633A004353  NISSAN\n\nNotes follow here in a paragraph.";
    const chunks = chunkPage({ page: 1, text });
    const row = chunks.find((c) => c.text.startsWith("XYZ"))!;
    expect(row).toMatchObject({ kind: "row", context: "Plate  VIN  Make" });
    expect(text.slice(row.start, row.end)).toBe(row.text);
  });
});
