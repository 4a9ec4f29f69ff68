import { describe, expect, it } from "vitest";
import { sameName } from "./names";

describe("party names scored against the XML", () => {
  it("matches equal names after folding, and a name covering at least half of the other", () => {
    expect(sameName("Muster GmbH", "MUSTER GMBH")).toBe(true);
    expect(sameName("Muster Lieferant GmbH", "Muster Lieferant GmbH & Co. KG")).toBe(true);
    expect(sameName("GmbH", "Muster Lieferant GmbH & Co. KG")).toBe(false);
    expect(sameName("Acme", "Other")).toBe(false);
  });
  it("leaves out party identifiers an XML puts in the name field (GLN, supplier or customer number)", () => {
    expect(sameName("MUSTERLIEFERANT GMBH", "GLN 4333741000005 Lief-Nr: 549910 MUSTERLIEFERANT GMBH")).toBe(true);
    expect(sameName("MUSTER-KUNDE GMBH", "GLN 4304171000002 Kunden-Nr. : 009420 MUSTER-KUNDE GMBH")).toBe(true);
    // the name field read from the XML itself stays right
    expect(sameName("GLN 4333741000005 Lief-Nr: 549910 MUSTERLIEFERANT GMBH", "GLN 4333741000005 Lief-Nr: 549910 MUSTERLIEFERANT GMBH")).toBe(true);
    // the identifiers alone are no name
    expect(sameName("GLN 4333741000005", "GLN 4333741000005 Lief-Nr: 549910 MUSTERLIEFERANT GMBH")).toBe(false);
  });
});
