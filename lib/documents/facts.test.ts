import { describe, expect, it } from "vitest";
import { extractFacts } from "./facts";

describe("key facts", () => {
  it("an invoice laid out in two columns: the number beside its label, no street number taken for it, no label taken for a party", () => {
    const text = [
      "Acme Supplies Inc.  INVOICE",
      "450 Market Street, Suite 200",
      "Bill To:  Invoice No:  2025-4541",
      "Initech LLC  Date:  December 8, 2025",
      "Due Date:  January 22, 2026",
      "Total  51,198.81",
    ].join("\n");
    const facts = extractFacts([{ page: 1, text }]);
    const of = (type: string) => facts.filter((f) => f.type === type).map((f) => f.value);
    expect(of("invoice_number")).toEqual(["2025-4541"]);
    expect(of("party")).toEqual([]);
    expect(of("due_date")).toEqual(["2026-01-22"]);
    expect(of("amount")).toContain("51198.81");
  });

  it("a labelled party on its own line is kept, with its page", () => {
    const facts = extractFacts([{ page: 3, text: "Asegurado: Transportes del Norte SA de CV\nPóliza No. AB-123456" }]);
    expect(facts.find((f) => f.type === "party")).toMatchObject({ value: "Transportes del Norte SA de CV", page: 3 });
    expect(facts.find((f) => f.type === "policy_number")?.value).toBe("AB-123456");
  });
});
