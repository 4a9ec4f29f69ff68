import { describe, expect, it } from "vitest";
import { labelRole, namedParty, partyRole, roleAsked } from "./party";

describe("the party a question names", () => {
  it("finds a company by its capitalised words and legal form, in any of the languages", () => {
    expect(namedParty("What is the IBAN of Lieferant GmbH?")).toEqual({ name: "Lieferant GmbH", words: ["lieferant"], phrase: "Lieferant" });
    // "se" is a legal form (SE) and Spanish for "itself": after the question word, it makes no name
    expect(namedParty("¿Cuándo se cargará la factura FE7996663?", "es")).toBeNull();
    expect(namedParty("¿Cuál es la prima total anual de la póliza de Transportes del Norte SA de CV?")).toEqual({ name: "Transportes del Norte SA de CV", words: ["transportes", "norte"], phrase: "Transportes del Norte" });
    expect(namedParty("What is the policy number for Northwind Haulage Ltd?")?.words).toEqual(["northwind", "haulage"]);
    expect(namedParty("What is the total annual premium of the Greenfield Farms policy?")?.words).toEqual(["greenfield", "farms"]);
    expect(namedParty("Quel est l'IBAN de Dupont et Fils SARL ?")?.words).toEqual(["dupont", "fils"]);
  });

  it("field names, ids, a capital at the start and German nouns are not parties", () => {
    expect(namedParty("What is the IBAN to pay invoice INV-5037?")).toBeNull();
    expect(namedParty("What is the VAT number of the vendor on invoice INV-5037?")).toBeNull();
    expect(namedParty("¿Cuál es el horario de atención de la sucursal de Monterrey?")).toBeNull();
    expect(namedParty("What is the office Wi-Fi password?")).toBeNull();
    expect(namedParty("Wie hoch ist der Zahlbetrag der Rechnung 471102?")).toBeNull();
    expect(namedParty("Wann ist die Rechnung Nr 471102 fällig?")).toBeNull();
    expect(namedParty("Who is the seller of invoice RE-2019 Beispiel?")).toBeNull();
  });

  it("a party's role in a document, from its key facts and the invoice read from it", () => {
    const facts = [
      { type: "party", label: "Vendor", value: "Lieferant GmbH, Hauptstr. 1" },
      { type: "party", label: "Bill to", value: "Kunde AG" },
    ];
    expect(partyRole(["lieferant"], facts, [])).toBe("seller");
    expect(partyRole(["kunde"], facts, [])).toBe("buyer");
    expect(partyRole(["other"], facts, [])).toBe("unknown");
    expect(partyRole(["kunde"], [], [{ vendorName: "Lieferant GmbH", billToName: "Kunde AG" }])).toBe("buyer");
    expect(partyRole(["lieferant"], [], [{ vendorName: "Lieferant GmbH", billToName: null }])).toBe("seller");
  });

  it("the role a question asks for, and the role a value's label names", () => {
    expect(roleAsked("Who is the buyer of invoice 471102?")).toBe("buyer");
    expect(roleAsked("Wer ist der Rechnungsempfänger?")).toBe("buyer");
    expect(roleAsked("Qui est l'acheteur de la facture F-1 ?")).toBe("buyer");
    expect(roleAsked("¿Quién es el proveedor de la factura F-1?")).toBe("seller");
    expect(roleAsked("Who issued invoice INV-1, the seller?")).toBe("seller");
    expect(roleAsked("When is the policy valid from?")).toBeNull();
    expect(roleAsked("Who is the customer of supplier Acme?")).toBeNull();
    expect(labelRole("Vendor:")).toBe("seller");
    expect(labelRole("Verkäufer:")).toBe("seller");
    expect(labelRole("Käufer:")).toBe("buyer");
    expect(labelRole("From:")).toBe("seller");
    expect(labelRole("Valid from")).toBeNull();
    expect(labelRole("Invoice number:")).toBeNull();
  });
});

describe("a person a question names", () => {
  it("in German, is two capitalised words in a row (nouns come one at a time)", () => {
    expect(namedParty("Wie hoch ist das Jahresgehalt von Markus Brandt?", "de")).toEqual({ name: "Markus Brandt", words: ["markus", "brandt"], phrase: "Markus Brandt" });
    expect(namedParty("Wann fängt Anna Schäfer an?", "de")?.name).toBe("Anna Schäfer");
    expect(namedParty("Welche Kündigungsfrist gilt für die Bestellung BE-123?", "de")).toBeNull();
  });

  it("without the question's first word, capitalised only because it opens the question", () => {
    expect(namedParty("Quand Camille Moreau commence-t-il à travailler ?", "fr")?.name).toBe("Camille Moreau");
  });
});
