import { describe, expect, it } from "vitest";
import { detectCurrency, detectLocale, findAmounts, findTaxIds, parseAmount, parseDate, toMoney } from "./parse";

describe("parseAmount", () => {
  it.each([
    ["1,234.56", ".", "1234.56"],
    ["1.234,56", ",", "1234.56"],
    ["1 234,56", ",", "1234.56"],
    ["1'234.56", ".", "1234.56"],
    ["1,23,456.78", ".", "123456.78"],
    ["12,34,56,789.00", ".", "123456789.00"],
    ["(1,234.56)", ".", "-1234.56"],
    ["-45,50 €", ",", "-45.50"],
    ["$1,200", ".", "1200"],
    ["Rs. 5,881.00", ".", "5881.00"],
    ["1.234", ",", "1234"],
    ["1.234", ".", "1.234"],
    ["1,5", ",", "1.5"],
  ] as const)("%s (decimal %s) → %s", (s, dec, out) => {
    expect(parseAmount(s, dec)).toBe(out);
  });
  it("rejects things that are not amounts", () => {
    expect(parseAmount("INV-2024")).toBeNull();
    expect(parseAmount("12,34,5")).toBeNull();
    expect(parseAmount("1.2.3,4,5")).toBeNull();
    expect(parseAmount("")).toBeNull();
  });
  it("rounds money to cents without floats", () => {
    expect(toMoney("0.125")).toBe("0.13");
    expect(toMoney("1234")).toBe("1234.00");
    expect(toMoney("-0.5")).toBe("-0.50");
    expect(toMoney("99999999999999.99")).toBe("99999999999999.99");
  });
  it("finds amounts in a line but skips percentages, ids and page numbers", () => {
    expect(findAmounts("VAT 20%  246.91", ".").map((a) => a.value)).toEqual(["246.91"]);
    expect(findAmounts("Total TTC : 2 100,00 €", ",").map((a) => a.value)).toEqual(["2100.00"]);
    expect(findAmounts("INV-2024-001", ".")).toEqual([]);
    // In a dot-decimal document a space separates numbers instead of grouping thousands.
    expect(findAmounts("Qty 2 100.00", ".").map((a) => a.value)).toEqual(["2", "100.00"]);
    // …unless the number stands alone in its cell: SI grouping "12 450.00", and no-break spaces always group.
    expect(findAmounts("Net amount  12 450.00", ".").map((a) => a.value)).toEqual(["12450.00"]);
    expect(findAmounts("Total: EUR 1 234.50", ".").map((a) => a.value)).toEqual(["1234.50"]);
    expect(findAmounts("Total  1\u00a0234,50 €", ".").map((a) => a.value)).toEqual(["1234.50"]);
    expect(findAmounts("Total TTC  1 234,56 €", ".").map((a) => a.value)).toEqual(["1234.56"]);
    // a currency code set tight against the amount
    expect(findAmounts("Total TTC  1.234,56EUR", ",").map((a) => a.value)).toEqual(["1234.56"]);
    expect(findAmounts("Amount due  USD1,200.00", ".").map((a) => a.value)).toEqual(["1200.00"]);
    expect(findAmounts("Invoice 12ABC", ".").map((a) => a.value)).toEqual([]);
  });
});

describe("parseDate", () => {
  it.each([
    ["5 de marzo de 2024", true, "2024-03-05"],
    ["05.03.2024", true, "2024-03-05"],
    ["5. März 2024", true, "2024-03-05"],
    ["5 mars 2024", true, "2024-03-05"],
    ["1er février 2025", true, "2025-02-01"],
    ["March 5, 2024", false, "2024-03-05"],
    ["Mar 5, 2024", false, "2024-03-05"],
    ["05-Mar-2024", true, "2024-03-05"],
    ["2024-03-05", false, "2024-03-05"],
    ["03/05/2024", false, "2024-03-05"],
    ["03/05/2024", true, "2024-05-03"],
    ["13/05/2024", false, "2024-05-13"],
    ["05/13/2024", true, "2024-05-13"],
    ["31.12.23", true, "2023-12-31"],
  ] as const)("%s (dayFirst %s) → %s", (s, dayFirst, iso) => {
    expect(parseDate(s, dayFirst)).toBe(iso);
  });
  it("rejects impossible dates", () => {
    expect(parseDate("31/02/2024")).toBeNull();
    expect(parseDate("2024-13-01")).toBeNull();
    expect(parseDate("Invoice 12345")).toBeNull();
  });
});

describe("detectLocale and currency", () => {
  it("tells the language, decimal mark and date order", () => {
    expect(detectLocale("RECHNUNG Rechnungsdatum 05.03.2024 Menge Einzelpreis Gesamtbetrag 1.234,56 €")).toEqual({ lang: "de", decimal: ",", dayFirst: true });
    expect(detectLocale("INVOICE Date Qty Unit Price Total 1,234.56 Thank you for the business")).toEqual({ lang: "en", decimal: ".", dayFirst: false });
    expect(detectLocale("TAX INVOICE GSTIN Total Rs. 1,23,456.00 the amount")).toMatchObject({ lang: "en", decimal: ".", dayFirst: true });
    expect(detectLocale("FACTURE Date Désignation Qté Total TTC 1 234,56 € TVA")).toMatchObject({ lang: "fr", decimal: "," });
  });
  it("reads currency from codes, symbols and the vendor's country", () => {
    expect(detectCurrency("Total 1.234,56 €", { lang: "de" }).code).toBe("EUR");
    expect(detectCurrency("Total $1,234.56", { lang: "en" }).code).toBe("USD");
    expect(detectCurrency("Total $1,234.56", { lang: "es", country: "MX" }).code).toBe("MXN");
    expect(detectCurrency("Grand Total Rs. 1,23,456.00", { lang: "en" }).code).toBe("INR");
    expect(detectCurrency("Total 100.00 Currency: CAD", { lang: "en" }).code).toBe("CAD");
    expect(detectCurrency("Total 100.00", { lang: "en" }).code).toBeNull();
    expect(detectCurrency("Total 100,00", { lang: "fr", country: "FR" }).code).toBe("EUR");
  });
});

describe("findTaxIds", () => {
  it("finds RFC, USt-IdNr, TVA, GSTIN and SIRET", () => {
    const ids = findTaxIds("RFC: CNO010203AB4 USt-IdNr.: DE812345678 TVA FR 40 123456789 GSTIN 27AAPFU0939F1ZV SIRET 123 456 789 00012");
    expect(ids.map((i) => [i.scheme, i.value])).toEqual([
      ["RFC", "CNO010203AB4"],
      ["VAT", "DE812345678"],
      ["VAT", "FR40123456789"],
      ["GSTIN", "27AAPFU0939F1ZV"],
      ["SIRET", "123 456 789 00012"],
    ]);
  });
});

describe("findAmounts", () => {
  it("keeps amounts of four or more digits written without a thousands separator whole", () => {
    expect(findAmounts("Subtotal 3846.00", ".").map((a) => a.value)).toEqual(["3846.00"]);
    expect(findAmounts("Total MXN 4461.36", ".").map((a) => a.value)).toEqual(["4461.36"]);
    expect(findAmounts("Gesamt 12345,67 EUR", ",").map((a) => a.value)).toEqual(["12345.67"]);
    expect(findAmounts("1,23,456.78 and 1.234,56", ".").map((a) => a.raw.trim())).toEqual(["1,23,456.78", "1.234,56"]);
  });
});
