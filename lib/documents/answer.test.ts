import { describe, expect, it } from "vitest";
import { answerFromPassages, fieldGroups, NOT_FOUND, questionKind, type Passage } from "./answer";
import { chunkPage } from "./chunk";
import { words } from "./text";

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

describe("a passage that holds the question's words", () => {
  // found at 2,042 documents: filler pages written from the corpus's words hold every word of "the interest rate of
  // the bank loan" or "el salario del gerente", scattered; the bench's passages, cut from such a page, look like this
  const scattered = [
    "Harbor 44712 rate forman bank question tUnit January commission NOTE Cuál 21646",
    "vence documents vial every Asegurado Claims POLICY Company kind Lines battery presente",
    "when cost entregó start giving interest Distribuidora makes renta 26324 assistance Invoice",
    "certificate poliza automatic Peninsular actos vencimiento loan FILLER acting their text",
  ].join("\n");

  it("is no support when they are scattered over it, only when they stand together", () => {
    const q = "What is the interest rate of the bank loan?";
    expect(answerFromPassages(q, [passage(scattered)], { lang: "en" })).toMatchObject({ found: false, answer: NOT_FOUND });
    const said = answerFromPassages(q, [passage(`Loan agreement.\nThe bank loan carries an interest rate of 7.5% a year, fixed for its term.`)], { lang: "en" });
    expect(said).toMatchObject({ found: true });
    expect(said.citations[0].quote).toContain("interest rate of 7.5%");
    const es = "tramite INSURANCE makes remision JSON plazo primeros moneyEs ocasionados FORD Farmacias\nContrato Coastal reparar gerente given vencidas const salario KANGOO cuenta Within\nelse durante push corriente desde cuándo transporte Distribuidora operaciones 40659 Helvetica";
    expect(answerFromPassages("¿Cuál es el salario del gerente de operaciones?", [passage(es)], { lang: "es" })).toMatchObject({ found: false });
    expect(answerFromPassages("¿Cuál es el salario del gerente de operaciones?", [passage("Puesto: Gerente de operaciones\nSalario mensual: $ 45.000,00 MXN")], { lang: "es" })).toMatchObject({ found: true });
  });

  it("needs only the words naming what is asked together: the document's kind, its id and a name may stand apart", () => {
    const invoice = "INVOICE\nInvoice No: INV-5521\nVendor: Acme Supplies Ltd\nInvoice date: 2024-05-02\nDue date: 2024-06-01\nTotal due: $1,240.50";
    expect(answerFromPassages("What is the total due on the Acme invoice?", [passage(invoice)], { lang: "en" }).value).toBe("1240.50");
    // a sentence's words stand near each other, whatever figures and stop words stand between them
    const report = "Aviso de siniestro: el Asegurado deberá reportar el siniestro a la Compañía en un plazo máximo de 5 días naturales.";
    expect(answerFromPassages("¿En cuántos días se debe reportar un siniestro?", [passage(report)], { lang: "es" })).toMatchObject({ found: true });
    // label lines: a label's value (a long name) does not part it from the next label
    const factura = "FACTURA\nFactura No: F-5000\nProveedor: Distribuidora de Tarimas del Bajío SA de CV\nRFC: DTB120304AB1\nCliente: Grupo Industrial Norte SA de CV";
    expect(answerFromPassages("¿Cuál es el RFC del proveedor de la factura F-5000?", [passage(factura)], { lang: "es" }).value).toBe("DTB120304AB1");
    const vat = "INVOICE\nInvoice No: INV-5111\nVendor: Northwind Freight Services International Ltd\nVAT: GB123456789\nBill to: Acme";
    expect(answerFromPassages("What is the VAT number of the vendor on invoice INV-5111?", [passage(vat)], { lang: "en" }).value).toBe("GB123456789");
    const note = "DELIVERY NOTE\nDelivery note number: DN-9169\nSupplier: Coastal Freight Ltd\nDelivered to: Harbor Farms Inc\nDelivery date: March 4, 2025";
    expect(answerFromPassages("Who was delivery note DN-9169 delivered to?", [passage(note)], { lang: "en" }).value).toBe("Harbor Farms Inc");
    expect(answerFromPassages("What is the delivery date of delivery note DN-9169?", [passage(note)], { lang: "en" }).value).toBe("2025-03-04");
    const fleet = passage("ABC-123  1HGCM82633A004352  FORD", { context: "Plate  VIN  Make" });
    expect(answerFromPassages("What is the VIN of the vehicle with plate ABC-123?", [fleet], { lang: "en" }).value).toBe("1HGCM82633A004352");
  });
});

describe("a question for the amount of an invoice", () => {
  // "amount", "total", "sum", "Betrag", "montant", "importe" all name the sum of money asked for: one satisfies another
  it("is answered by the total under any of the words for it, not by the line nearest the invoice's number", () => {
    const de = "Rechnung Nr. 471102\nRechnungsdatum: 05.03.2018\nPosition 1  Trennblätter A4  20,00\nNettobetrag 445,27 EUR\nUmsatzsteuer 19 % 84,60 EUR\nGesamtbetrag 529,87 EUR";
    expect(answerFromPassages("What is the amount of invoice 471102?", [passage(de)], { lang: "en" }).value).toBe("529.87");
    expect(answerFromPassages("Wie hoch ist der Betrag der Rechnung 471102?", [passage(de.replace("Gesamtbetrag", "Gesamtsumme"))], { lang: "de" }).value).toBe("529.87");
    const fr = "Facture F-100 du 05/03/2018\nMontant HT 100,00 EUR\nTVA 20 % 20,00 EUR\nMontant TTC 120,00 EUR";
    expect(answerFromPassages("What is the amount of invoice F-100?", [passage(fr)], { lang: "en" }).value).toBe("120.00");
    const en = "Invoice INV-9\nSubtotal 100.00\nTax 20.00\nAmount due 120.00";
    expect(answerFromPassages("What is the total of invoice INV-9?", [passage(en)], { lang: "en" }).value).toBe("120.00");
    expect(answerFromPassages("¿Cuál es el importe de la factura F-12?", [passage("Factura F-12\nSubtotal 100.00\nIVA 16.00\nTotal 116.00")], { lang: "es" }).value).toBe("116.00");
  });
});

describe("an invoice's total and due date, by the conventions of its labels", () => {
  it("answers the total with the sum to pay, tax included — not the net sum, the line items' sum or the tax", () => {
    const de = "Rechnung 471102\nPositionssumme  445,27\nRechnungssumme ohne USt.  445,27\nUmsatzsteuer  84,60\nBruttosumme  529,87";
    expect(answerFromPassages("What is the total amount of invoice 471102?", [passage(de)], { lang: "en" }).value).toBe("529.87");
    const mustang = "Rechnung 471102\nSumme netto: 496,00 €\nZuzügl. USt: 75,04 €\nSumme inkl. USt: 571,04 €";
    expect(answerFromPassages("What is the total amount of invoice 471102?", [passage(mustang)], { lang: "en" }).value).toBe("571.04");
    const en = "Invoice RE-1\nTotal net: 496.00 €\nVAT total: 75.04 €\nDue payable: 571.04 €";
    expect(answerFromPassages("What is the total amount of invoice RE-1?", [passage(en)], { lang: "en" }).value).toBe("571.04");
    const fr = "Facture F-100\nTotal HT  100,00\nTVA 20 %  20,00\nNet à payer  120,00";
    expect(answerFromPassages("What is the total amount of invoice F-100?", [passage(fr)], { lang: "en" }).value).toBe("120.00");
    // asked for the part, the part is the answer
    expect(answerFromPassages("What is the tax amount of invoice RE-1?", [passage(en)], { lang: "en" }).value).toBe("75.04");
  });

  it("answers when it is due with the day it is due net, not the last day of a cash discount", () => {
    const lines = "Rechnung 47110815 vom 30.10.2018\nZahlungsbedingungen:\nZahlbar mit 2% Skonto bis  14.11.2018\nZahlbar ohne Abschlag bis  20.11.2018";
    expect(answerFromPassages("When is invoice 47110815 due?", [passage(lines)], { lang: "en" }).value).toBe("2018-11-20");
    const one = "Rechnung 47110815 vom 30.10.2018\nZahlbar mit 3% Skonto bis 14.11.2018, ohne Skonto bis 20.11.2018";
    expect(answerFromPassages("When is invoice 47110815 due?", [passage(one)], { lang: "en" }).value).toBe("2018-11-20");
    const en = "Invoice 8812 dated 2025-03-01\nPayment terms: 2% discount if paid by 2025-03-10, net due by 2025-03-31";
    expect(answerFromPassages("When is invoice 8812 due?", [passage(en)], { lang: "en" }).value).toBe("2025-03-31");
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

// Found on the bench's other templates (bench/support/documents-templates.ts, tuned families only): service
// agreements, employment contracts, utility bills and purchase orders in English, Spanish, German and French.
describe("contracts, employment contracts, bills and orders", () => {
  const kestrel = { name: "Kestrel Data Services Ltd", words: ["kestrel", "data", "services"], phrase: "Kestrel Data Services" };

  it("needs in the passage only the words naming what is asked, not the document's kind, party or phrasing", () => {
    // retrieval's coverage counts "services" (of "the services agreement") against the clause that answers
    const law = passage("Each party shall comply with all applicable laws.\nGoverning law. This Agreement shall be governed by and construed in accordance with the laws of England and Wales.", { coverage: 0.45 });
    const a = answerFromPassages("Which law governs the services agreement with Kestrel Data Services Ltd?", [law], { lang: "en", party: kestrel });
    expect(a.found).toBe(true);
    expect(a.citations[0].quote).toContain("England and Wales");
    expect(fieldGroups("Which law governs the services agreement with Kestrel Data Services Ltd?", "en").flat()).not.toContain("servic");
    expect(fieldGroups("¿Cuándo termina el contrato de trabajo?", "es").flat()).not.toContain("trabaj");
    expect(fieldGroups("Welches Recht gilt für den Dienstleistungsvertrag mit Kraus Softwarehaus GmbH?", "de")).toHaveLength(1);
    // German names are two capitalised words in a row; "wie hoch" and "gilt" are the question's phrasing
    const de = fieldGroups("Wie hoch ist das Jahresgehalt von Anna Schäfer?", "de").flat();
    expect(de).not.toContain("anna");
    expect(de).not.toContain("hoch");
    expect(de).toContain("jahresgeh");
  });

  it("prefers the clause that says what is asked to the title page that names the document", () => {
    const title = passage("CONTRATO DE PRESTACIÓN DE SERVICIOS\nDe una parte, Soluciones Cantábricas SL (en adelante, el \"Prestador\"), y de otra, Servicios Informáticos Levante SA.", { page: 1, score: 11, coverage: 0.65 });
    const clause = passage("Duración. El presente contrato tendrá una duración inicial de doce (12) meses, prorrogándose tácitamente por periodos iguales.", { page: 3, score: 5, coverage: 0.55 });
    const a = answerFromPassages("¿Cuál es la duración del contrato de servicios con Servicios Informáticos Levante SA?", [title, clause], { lang: "es", party: { name: "Servicios Informáticos Levante SA", words: ["servicios", "informaticos", "levante"], phrase: "Servicios Informáticos Levante" } });
    expect(a.citations[0].page).toBe(3);
    expect(a.value).toBe("doce (12) meses");
  });

  it("reads durations written in words and figures, and asks for one when the question asks how long", () => {
    expect(questionKind("How long is the probation period?")).toBe("duration");
    expect(questionKind("¿Cuál es el plazo de preaviso del contrato?")).toBe("duration");
    expect(questionKind("Quel est le préavis de résiliation ?")).toBe("duration");
    const probation = passage("Probation. The first three (3) months of employment shall be a probationary period.\nNotice. After the probationary period, either party may terminate the employment by giving written notice of one month.");
    expect(answerFromPassages("How long is the probation period?", [probation], { lang: "en" }).value).toBe("three (3) months");
    const de = passage("Kündigung. Jede Partei kann diesen Vertrag mit einer Frist von drei Monaten schriftlich kündigen.", { coverage: 0.5 });
    expect(answerFromPassages("Welche Kündigungsfrist gilt für den Vertrag mit Kraus Softwarehaus GmbH?", [de], { lang: "de", party: { name: "Kraus Softwarehaus GmbH", words: ["kraus", "softwarehaus"], phrase: "Kraus Softwarehaus" } }).value).toBe("drei Monaten");
  });

  it("asks for a date when the question opens with when, whatever amount it names", () => {
    expect(questionKind("When will the amount of bill BL7600247 be collected?")).toBe("date");
    expect(questionKind("Wann wird der Betrag der Rechnung RE5621645 abgebucht?")).toBe("date");
    expect(questionKind("What is the total due on invoice INV-1?")).toBe("amount");
  });

  it("answers who a contract's party is from the role its definition names", () => {
    const en = passage("This Agreement is made between Brightline Analytics Ltd (the \"Service Provider\") and Kestrel Data Services Ltd (the \"Client\").\nEffective Date: January 28, 2025");
    expect(answerFromPassages("Who is the service provider under the agreement with Kestrel Data Services Ltd?", [en], { lang: "en", party: kestrel }).value).toBe("Brightline Analytics Ltd");
    const es = passage("De una parte, Soluciones Cantábricas SL (en adelante, el \"Prestador\"), y de otra, Servicios Informáticos Levante SA (en adelante, el \"Cliente\").\nFecha de entrada en vigor: 27 de noviembre de 2025");
    expect(answerFromPassages("¿Quién es el prestador del contrato?", [es], { lang: "es" }).value).toBe("Soluciones Cantábricas SL");
  });

  it("does not take the label that names the document for the field's label", () => {
    const bill = passage("Larkspur Media Inc\nBill number: BL7600247\nAccount number: 76002471\nAccount holder: Sophie Caldwell");
    expect(answerFromPassages("What is the account number on Sophie Caldwell's electricity bill?", [bill], { lang: "en" }).value).toBe("76002471");
    // but "the policy number" is the policy's own id: its label names the document's kind
    const lease = passage("WAREHOUSE LEASE AGREEMENT\nAgreement number: AGR-3085\nTenant: Pioneer Bus Lines Inc", { documentId: "lease" });
    const policy = passage("MOTOR FLEET INSURANCE POLICY\nPolicy number: MTR-2025-118822\nPolicyholder: Pioneer Bus Lines Inc", { documentId: "policy" });
    expect(answerFromPassages("What is the policy number for Pioneer Bus Lines Inc?", [lease, policy], { lang: "en" }).value).toBe("MTR-2025-118822");
    expect(answerFromPassages("¿Cuál es el número de póliza de Transportes del Norte SA de CV?", [passage("CONTRATO DE ARRENDAMIENTO\nContrato número: CTO-3017\nArrendatario: Transportes del Norte SA de CV", { documentId: "c" }), passage("PÓLIZA\nPóliza número: AUT-2025-576951\nAsegurado: Transportes del Norte SA de CV", { documentId: "p" })], { lang: "es" }).value).toBe("AUT-2025-576951");
  });

  it("never answers when a contract ends with the day the employment starts", () => {
    const de = passage("ARBEITSVERTRAG\nArbeitgeber: Vogt Spedition GmbH\nArbeitnehmer: Anna Schäfer\nEintrittsdatum: 21.10.2026", { coverage: 0.9 });
    expect(answerFromPassages("Wann endet der Arbeitsvertrag von Anna Schäfer?", [de], { lang: "de" }).value).not.toBe("2026-10-21");
    const fr = passage("CONTRAT DE TRAVAIL\nSalarié(e) : Camille Moreau\nDate d'embauche : 25 décembre 2025", { coverage: 0.9 });
    expect(answerFromPassages("Quand se termine le contrat de travail de Camille Moreau ?", [fr], { lang: "fr" }).value).not.toBe("2025-12-25");
  });

  it("quotes a clause's heading with its sentence, and prose lines that wrap as one sentence", () => {
    const heading = passage("Cada parte cumplirá sus obligaciones.\nConfidencialidad.\nLas partes guardarán secreto sobre la información recibida.");
    expect(answerFromPassages("¿Qué dice el contrato sobre la confidencialidad?", [heading], { lang: "es" }).citations[0].quote).toContain("guardarán secreto");
    const wrapped = passage("Laufzeit. Der Vertrag beginnt am oben genannten Tag und hat eine Mindestlaufzeit von zwölf\nMonate; er verlängert sich jeweils um denselben Zeitraum.");
    expect(answerFromPassages("Was gilt zur Mindestlaufzeit?", [wrapped], { lang: "de" }).citations[0].quote).toContain("Mindestlaufzeit von zwölf\nMonate;");
  });
});

describe("questions as people phrase them", () => {
  it("takes a duration and the words naming it in one sentence of prose as standing together", () => {
    const clause = passage("Termination. Either party may terminate this Agreement for convenience by giving not less than sixty days prior written notice to the other party.", { coverage: 0.74 });
    const a = answerFromPassages("How much notice is needed to terminate the services agreement with Kestrel Data Services Ltd?", [clause], { lang: "en", party: { name: "Kestrel Data Services Ltd", words: ["kestrel", "data", "services"], phrase: "Kestrel Data Services" } });
    expect(a.value).toBe("sixty days");
  });

  it("reads a French question's inverted verb as the verb ('entre-t-il en vigueur')", () => {
    expect(words("Quand le contrat entre-t-il en vigueur ?").map((w) => w.norm)).toContain("entre");
    const title = passage("CONTRAT DE PRESTATION DE SERVICES\nEntre Lumière Conseil SAS et Services Numériques Loire SARL.\nDate d'entrée en vigueur : 11 juillet 2025", { coverage: 1 });
    expect(answerFromPassages("Quand le contrat de services avec Services Numériques Loire SARL entre-t-il en vigueur ?", [title], { lang: "fr", party: { name: "Services Numériques Loire SARL", words: ["services", "numeriques", "loire"], phrase: "Services Numériques Loire" } }).value).toBe("2025-07-11");
  });
});

describe("when goods are to be delivered", () => {
  it("is answered by the delivery date under its labels in the four languages", () => {
    // (the question's verbs are its phrasing, not the field: "applies", "s'applique", "être")
    expect(fieldGroups("Which law applies to the agreement?", "en")).toHaveLength(1);
    expect(fieldGroups("Quel droit s'applique au contrat ?", "fr")).toHaveLength(1);
    for (const [q, lang] of [["¿Qué periodo cubre la factura FE7996663?", "es"], ["Welchen Zeitraum umfasst die Rechnung RE5621645?", "de"], ["Quelle période couvre la facture FAC7926560 ?", "fr"]] as const) expect(fieldGroups(q, lang), q).toHaveLength(1);
    const de = passage("BESTELLUNG\nBestellnummer: BE-35093\nBestelldatum: 27.03.2025\nLiefertermin: 20.04.2025", { coverage: 0.5, coverageWithoutAnchor: 0.3 });
    expect(answerFromPassages("Wann soll die Bestellung BE-35093 geliefert werden?", [de], { lang: "de" }).value).toBe("2025-04-20");
    const fr = passage("BON DE COMMANDE\nCommande n° BC-75823\nDate de commande : 3 mars 2025\nDate de livraison souhaitée : 2 avril 2025", { coverage: 0.5, coverageWithoutAnchor: 0.3 });
    expect(answerFromPassages("Quand la commande BC-75823 doit-elle être livrée ?", [fr], { lang: "fr" }).value).toBe("2025-04-02");
  });
});

describe("a notice period among the contract's other periods", () => {
  it("is the period the notice clause gives, not the payment period beside it, with its heading", () => {
    const es = passage("Precio. El Cliente abonará una cuota mensual que se pagará en un plazo de catorce (14) días desde la fecha de la factura.\nResolución. Cualquiera de las partes podrá resolver el contrato mediante preaviso por escrito con una antelación mínima de sesenta días.");
    expect(answerFromPassages("¿Cuál es el plazo de preaviso del contrato?", [es], { lang: "es" }).value).toBe("sesenta días");
    const fr = passage("Résiliation. Chaque partie peut résilier le présent contrat moyennant un préavis écrit de soixante jours.");
    expect(answerFromPassages("Quel est le préavis de résiliation du contrat ?", [fr], { lang: "fr" }).value).toBe("soixante jours");
  });
});

// Second round on the tuned templates (service agreements, employment contracts, bills, purchase orders): each a
// general rule of how people ask and how documents label.
describe("a person's employment contract", () => {
  const olivia = { name: "Olivia Hartley", words: ["olivia", "hartley"], phrase: "Olivia Hartley" };
  const title = "CONTRACT OF EMPLOYMENT\nEmployer: Westmoor Logistics Ltd\nEmployee: Olivia Hartley\nPosition: Senior Accountant\nStart date: February 21, 2026";

  it("needs the field's words together, not the name of the party the question names", () => {
    const page = passage(`${title}\n\nEach party shall perform its obligations under this document with reasonable skill, care and\ndiligence. Nothing in this document shall be construed as creating a partnership, joint venture or\nagency between the parties. Notices shall be given in writing to the addresses stated above.\n\nRemuneration. The Employee shall receive a gross annual salary of £42,000.00, payable in twelve equal monthly instalments.`, { page: 1 });
    expect(answerFromPassages("What is Olivia Hartley's annual salary?", [page], { lang: "en", party: olivia }).value).toBe("42000.00");
  });

  it("reads 'start work' as the start of the employment: the work is what the contract is about", () => {
    // retrieval counts "work" against the title page, which says "Start date"
    const page = passage(title, { page: 1, coverage: 0.43 });
    expect(answerFromPassages("When does Olivia Hartley start work?", [page], { lang: "en", party: olivia }).value).toBe("2026-02-21");
    const fr = passage("CONTRAT DE TRAVAIL\nEmployeur : Transports Vosges SARL\nSalarié(e) : Camille Moreau\nDate d'embauche : 25 décembre 2025", { page: 1, coverage: 0.5 });
    expect(answerFromPassages("Quand Camille Moreau commence-t-il à travailler ?", [fr], { lang: "fr", party: { name: "Camille Moreau", words: ["camille", "moreau"], phrase: "Camille Moreau" } }).value).toBe("2025-12-25");
    expect(fieldGroups("When does Olivia Hartley start work?", "en")).toHaveLength(1);
    expect(fieldGroups("¿Cuándo empieza a trabajar Lucía Fernández?", "es")).toHaveLength(1);
  });

  it("says how long a period lasts without needing the words 'duration' or 'period' in the clause", () => {
    const fr = passage("Période d'essai. Le présent contrat comporte une période d'essai de six mois.", { coverage: 0.66 });
    expect(answerFromPassages("Quelle est la durée de la période d'essai de Julien Lefèvre ?", [fr], { lang: "fr", party: { name: "Julien Lefèvre", words: ["julien", "lefevre"], phrase: "Julien Lefèvre" } }).value).toBe("six mois");
    // but "the duration of the contract" asks for the duration itself
    expect(fieldGroups("Quelle est la durée du contrat avec Services Numériques Loire SARL ?", "fr")).toHaveLength(1);
  });
});

describe("numbers a bill or an order is labelled with", () => {
  it("asks for an id with a German compound of 'Nummer' (Kundennummer, Bestellnummer) and reads it from its label", () => {
    expect(questionKind("Wie lautet die Kundennummer auf der Rechnung RE5621645?")).toBe("id");
    expect(questionKind("Wie lautet die Bestellnummer der Bestellung bei Pohl Bauteile GmbH?")).toBe("id");
    const bill = passage("STROMRECHNUNG\nBusch Medien GmbH\nRechnungsnummer: RE5621645\nKundennummer: 15662568\nKunde: Julia Neumann", { coverage: 1, coverageWithoutAnchor: 1 });
    expect(answerFromPassages("Wie lautet die Kundennummer auf der Rechnung RE5621645?", [bill], { lang: "de" }).value).toBe("15662568");
    const order = passage("BESTELLUNG\nBestellnummer: BE-35093\nBestelldatum: 27.03.2025\nLieferant: Pohl Bauteile GmbH");
    expect(answerFromPassages("Wie lautet die Bestellnummer der Bestellung bei Pohl Bauteile GmbH?", [order], { lang: "de", party: { name: "Pohl Bauteile GmbH", words: ["pohl", "bauteile"], phrase: "Pohl Bauteile" } }).value).toBe("BE-35093");
  });

  it("reads 'the number of the order' as the order's own number, articles between", () => {
    // (and "passée à", "placed with" relate the order to its party: no field's words)
    expect(fieldGroups("Quel est le numéro de la commande passée à Composants Alsace SA ?", "fr").flat()).not.toContain("passe");
    const fr = passage("BON DE COMMANDE\nCommande n° BC-75823\nDate de commande : 7 juin 2025\nFournisseur : Composants Alsace SA");
    expect(answerFromPassages("Quel est le numéro de la commande passée à Composants Alsace SA ?", [fr], { lang: "fr", party: { name: "Composants Alsace SA", words: ["composants", "alsace"], phrase: "Composants Alsace" } }).value).toBe("BC-75823");
  });
});

describe("the period a bill covers", () => {
  const bills = [
    ["What period does bill BL7600247 cover?", "en", "YOUR ELECTRICITY BILL\nLarkspur Media Inc\n\nBill number: BL7600247\nAccount number: 26709614\nBill date: 5 November 2026\nBilling period: 1 October 2026 – 31 October 2026", "Billing period"],
    ["¿Qué periodo cubre la factura FE7996663?", "es", "FACTURA DE ELECTRICIDAD\nGráficas Triana SL\n\nNº de factura: FE7996663\nNº de contrato: 46765164\nFecha de emisión: 03/07/2026\nPeriodo de facturación: 01/06/2026 – 30/06/2026", "Periodo de facturación"],
    ["Welchen Zeitraum umfasst die Rechnung RE5621645?", "de", "STROMRECHNUNG\nBusch Medien GmbH\n\nRechnungsnummer: RE5621645\nKundennummer: 15662568\nRechnungsdatum: 05.11.2025\nAbrechnungszeitraum: 01.10.2025 – 31.10.2025", "Abrechnungszeitraum"],
    ["Quelle période couvre la facture FAC7926560 ?", "fr", "FACTURE D'ÉLECTRICITÉ\nÉditions Seine SARL\n\nFacture n° FAC7926560\nNuméro de compte client : 94174070\nDate de facture : 6 juillet 2026\nPériode de facturation : 01/06/2026 – 30/06/2026", "Période de facturation"],
  ] as const;

  it("is quoted from the line that names the period, not the line that names the bill", () => {
    for (const [q, lang, text, label] of bills) {
      const a = answerFromPassages(q, [passage(text, { page: 1, coverage: 0.69, coverageWithoutAnchor: 0.55 })], { lang });
      expect(a.found, q).toBe(true);
      expect(a.citations[0].quote, q).toContain(label);
    }
  });
});

describe("a question that asks for a date, an amount, an id or a name", () => {
  it("is answered with one: a passage holding the question's words but no such value is no answer", () => {
    // a filler clause holding "validez" (of the "vence"/"termina" words) and nothing else of the question
    const clause = passage("Si alguna estipulación fuera declarada nula, las restantes conservarán plena validez y\neficacia.", { coverage: 1 });
    const q = "¿Cuándo termina el contrato de trabajo de Javier Morales Ruiz?";
    expect(answerFromPassages(q, [clause], { lang: "es", party: { name: "Javier Morales Ruiz", words: ["javier", "morales", "ruiz"], phrase: "Javier Morales Ruiz" } })).toMatchObject({ found: false, answer: NOT_FOUND });
  });
});
