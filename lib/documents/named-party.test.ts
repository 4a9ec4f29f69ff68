import { describe, expect, it } from "vitest";
import { namedParties, namePattern, withoutNames } from "./named-party";

describe("companies a question names by their legal form", () => {
  it("finds the name with its legal form, without the question's words before it", () => {
    expect(namedParties("What is the IBAN of Lieferant GmbH?")).toEqual(["Lieferant GmbH"]);
    expect(namedParties("IBAN Grundbesitz GmbH & Co. KG")).toEqual(["Grundbesitz GmbH & Co. KG"]);
    expect(namedParties("¿Cuándo vence la póliza de Transportes del Norte SA de CV?")).toEqual(["Transportes del Norte SA de CV"]);
    expect(namedParties("Who invoiced Acme Supplies Ltd in May?")).toEqual(["Acme Supplies Ltd"]);
  });

  it("a question without a legal form names no company", () => {
    expect(namedParties("What is the IBAN?")).toEqual([]);
    expect(namedParties("When does the policy expire?")).toEqual([]);
    expect(namedParties("What is the total of invoice INV-5521?")).toEqual([]);
  });

  it("matches the name across line breaks and a missing dot, whatever the case", () => {
    const re = new RegExp(namePattern("Grundbesitz GmbH & Co. KG"), "i");
    expect(re.test("Name: GRUNDBESITZ GmbH &\nCo KG, Musterstraße")).toBe(true);
    expect(re.test("Name: Grundbesitz AG")).toBe(false);
  });
});

describe("the question without its names", () => {
  it("keeps what is asked", () => {
    expect(withoutNames("What is the IBAN of Lieferant GmbH?", ["Lieferant GmbH"])).toBe("What is the IBAN of ?");
  });
});
