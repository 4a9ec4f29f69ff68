import { describe, expect, it } from "vitest";
import { namedParty, partyRole } from "./party";

describe("the party a question names", () => {
  it("finds a company by its capitalised words and legal form, in any of the languages", () => {
    expect(namedParty("What is the IBAN of Lieferant GmbH?")).toEqual({ name: "Lieferant GmbH", words: ["lieferant"], phrase: "Lieferant" });
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
});
