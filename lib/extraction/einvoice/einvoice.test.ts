import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readPdf } from "../pdf";
import { eInvoiceToExtracted, embeddedEInvoice, EInvoiceError, looksLikeEInvoiceXml, readEInvoiceXml } from "./index";
import { parseXml, XmlError } from "./xml";

const CII = `<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>RE-2024/0815</ram:ID><ram:TypeCode>380</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20240305</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:SpecifiedTradeProduct><ram:Name>Beratung &amp; Planung</ram:Name></ram:SpecifiedTradeProduct>
   <ram:SpecifiedLineTradeAgreement><ram:NetPriceProductTradePrice><ram:ChargeAmount>100.0000</ram:ChargeAmount></ram:NetPriceProductTradePrice></ram:SpecifiedLineTradeAgreement>
   <ram:SpecifiedLineTradeDelivery><ram:BilledQuantity unitCode="HUR">2.5000</ram:BilledQuantity></ram:SpecifiedLineTradeDelivery>
   <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>250.00</ram:LineTotalAmount></ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Müller Technik GmbH</ram:Name><ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">201/113/40209</ram:ID></ram:SpecifiedTaxRegistration><ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">DE123456789</ram:ID></ram:SpecifiedTaxRegistration></ram:SellerTradeParty>
   <ram:BuyerTradeParty><ram:Name>Kunden AG</ram:Name></ram:BuyerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">20240404</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>250.00</ram:LineTotalAmount><ram:TaxBasisTotalAmount>250.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="USD">50.00</ram:TaxTotalAmount><ram:TaxTotalAmount currencyID="EUR">47.50</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>297.50</ram:GrandTotalAmount><ram:DuePayableAmount>197.50</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>`;

const UBL = `<?xml version="1.0"?><CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
<cbc:ID>CN-77</cbc:ID><cbc:IssueDate>2024-06-01</cbc:IssueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
<cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Shop BV</cbc:Name></cac:PartyName><cac:PartyTaxScheme><cbc:CompanyID>NL123456789B01</cbc:CompanyID></cac:PartyTaxScheme><cac:PartyLegalEntity><cbc:RegistrationName>Webwinkel Shop B.V.</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
<cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Klant</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
<cac:TaxTotal><cbc:TaxAmount currencyID="EUR">21.00</cbc:TaxAmount></cac:TaxTotal>
<cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount><cbc:TaxInclusiveAmount currencyID="EUR">121.00</cbc:TaxInclusiveAmount><cbc:PayableAmount currencyID="EUR">121.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
<cac:CreditNoteLine><cbc:ID>1</cbc:ID><cbc:CreditedQuantity unitCode="C62">4</cbc:CreditedQuantity><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount><cac:Item><cbc:Name>Returned lamp</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price></cac:CreditNoteLine>
</CreditNote>`;

const CFDI = `<?xml version="1.0" encoding="UTF-8"?>
<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="A" Folio="1234" Fecha="2024-03-05T10:11:12" SubTotal="1000.00" Descuento="100.00" Total="1044.00" Moneda="MXN" TipoDeComprobante="I" LugarExpedicion="06600">
 <cfdi:Emisor Rfc="AAA010101AAA" Nombre="PAPELERIA LA ESTRELLA SA DE CV" RegimenFiscal="601"/>
 <cfdi:Receptor Rfc="XAXX010101000" Nombre="CLIENTE EJEMPLO"/>
 <cfdi:Conceptos><cfdi:Concepto Cantidad="2" Descripcion="Resma de papel" ValorUnitario="500.00" Importe="1000.00" Descuento="100.00"/></cfdi:Conceptos>
 <cfdi:Impuestos TotalImpuestosTrasladados="144.00"/>
</cfdi:Comprobante>`;

describe("safe XML", () => {
  it("refuses any DOCTYPE, so external entities are never resolved", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`;
    expect(() => parseXml(xxe)).toThrow(XmlError);
    expect(() => parseXml(xxe)).toThrow(/document type declarations are not accepted/);
    expect(() => readEInvoiceXml(xxe, "evil.xml")).toThrow(/evil\.xml is not well-formed XML/);
  });
  it("decodes the predefined and numeric entities, keeps CDATA, rejects unknown entities and bad nesting", () => {
    const r = parseXml("<a x='1 &amp; 2'><b>&lt;&#65;&#x42;&gt;</b><![CDATA[<raw>]]></a>");
    expect(r.attrs.x).toBe("1 & 2");
    expect(r.children[0].text).toBe("<AB>");
    expect(r.text).toBe("<raw>");
    expect(() => parseXml("<a>&nbsp;</a>")).toThrow(/unknown entity/);
    expect(() => parseXml("<a><b></a>")).toThrow(/does not close/);
  });
});

describe("e-invoice readers", () => {
  it("flags what is still due on an invoice, but not a credit or correction with nothing due on it", () => {
    const base = readEInvoiceXml(CII);
    const span = { pageStart: 1, pageEnd: 1 };
    const codes = (e: typeof base) => eInvoiceToExtracted(e, span).issues.map((i) => i.code);
    expect(codes({ ...base, total: "297.50", amountDue: "0.00" })).toContain("amount_due");
    expect(codes({ ...base, total: "-8.79", amountDue: "0.00" })).not.toContain("amount_due");
    expect(codes({ ...base, kind: "credit_note", total: "121.00", amountDue: "0.00" })).not.toContain("amount_due");
    expect(codes({ ...base, kind: "credit_note", total: "121.00", amountDue: "21.00" })).toContain("amount_due");
  });
  it("reads a CII text-only line (a note, as on invoice corrections) as a line with its text, and skips a line with nothing in it", () => {
    const note = `<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument><ram:IncludedNote><ram:Content>Gemäß Ihres Reklamationsschreibens
erhalten Sie die nachfolgenden Leistungen gutgeschrieben.</ram:Content></ram:IncludedNote></ram:AssociatedDocumentLineDocument><ram:SpecifiedSupplyChainTradeSettlement/></ram:IncludedSupplyChainTradeLineItem>`;
    const empty = "<ram:IncludedSupplyChainTradeLineItem><ram:AssociatedDocumentLineDocument/></ram:IncludedSupplyChainTradeLineItem>";
    const xml = CII.replace("<ram:IncludedSupplyChainTradeLineItem>", `${note}${empty}<ram:IncludedSupplyChainTradeLineItem>`);
    expect(readEInvoiceXml(xml).lineItems).toEqual([
      { description: "Gemäß Ihres Reklamationsschreibens erhalten Sie die nachfolgenden Leistungen gutgeschrieben.", quantity: null, unitPrice: null, amount: null },
      { description: "Beratung & Planung", quantity: "2.5", unitPrice: "100.00", amount: "250.00" },
    ]);
  });

  it("reads CII exactly: totals in the invoice currency, due date, seller VAT id, lines, amount still due", () => {
    const e = readEInvoiceXml(CII);
    expect(e).toMatchObject({
      format: "cii", kind: "invoice", invoiceNumber: "RE-2024/0815", issueDate: "2024-03-05", dueDate: "2024-04-04",
      vendorName: "Müller Technik GmbH", vendorTaxId: "DE123456789", billToName: "Kunden AG", currency: "EUR",
      subtotal: "250.00", taxAmount: "47.50", total: "297.50", amountDue: "197.50",
    });
    expect(e.lineItems).toEqual([{ description: "Beratung & Planung", quantity: "2.5", unitPrice: "100.00", amount: "250.00" }]);
    const inv = eInvoiceToExtracted(e, { pageStart: 1, pageEnd: 1 });
    expect(inv.confidence.total).toBe(1);
    expect(inv.sources?.vendorName).toBe("e-invoice");
    expect(inv.issues.map((i) => i.code)).toContain("amount_due");
  });
  it("reads a UBL 2.1 credit note with the legal name as vendor", () => {
    const e = readEInvoiceXml(UBL);
    expect(e).toMatchObject({ format: "ubl", kind: "credit_note", invoiceNumber: "CN-77", vendorName: "Webwinkel Shop B.V.", vendorTaxId: "NL123456789B01", taxAmount: "21.00", total: "121.00" });
    expect(e.lineItems[0]).toEqual({ description: "Returned lamp", quantity: "4", unitPrice: "25.00", amount: "100.00" });
  });
  it("reads CFDI 4.0: serie-folio as number, net after discount, tax as the difference to the total", () => {
    const e = readEInvoiceXml(CFDI);
    expect(e).toMatchObject({ format: "cfdi", syntax: "CFDI 4.0", invoiceNumber: "A-1234", issueDate: "2024-03-05", vendorName: "PAPELERIA LA ESTRELLA SA DE CV", vendorTaxId: "AAA010101AAA", currency: "MXN", subtotal: "900.00", taxAmount: "144.00", total: "1044.00" });
  });
  it("sniffs e-invoices by content and names what is wrong with other XML", () => {
    expect(looksLikeEInvoiceXml(CFDI)).toBe(true);
    expect(looksLikeEInvoiceXml(CII)).toBe(true);
    expect(looksLikeEInvoiceXml("<html><body>Invoice</body></html>")).toBe(false);
    expect(() => readEInvoiceXml("<note><to>x</to></note>", "note.xml")).toThrow(EInvoiceError);
    expect(() => readEInvoiceXml("<note><to>x</to></note>", "note.xml")).toThrow(/note\.xml is XML but not an e-invoice/);
  });
});

const corpusPdf = "/work/shared/corpora/zugferd/ZUGFeRDv2/correct/intarsys/EN16931/zugferd_2p0_EN16931_1_Teilrechnung.pdf";
describe.skipIf(!existsSync(corpusPdf))("ZUGFeRD PDF from the real corpus", () => {
  it("finds the CII attachment and reads it", async () => {
    const { attachments } = await readPdf(new Uint8Array(readFileSync(corpusPdf)));
    const found = embeddedEInvoice(attachments, "Teilrechnung.pdf");
    expect(found?.attachment).toBe("zugferd-invoice.xml");
    expect(found?.einvoice).toMatchObject({ invoiceNumber: "471102", issueDate: "2018-06-05", vendorName: "Lieferant GmbH", total: "197.65", taxAmount: "20.16", amountDue: "147.65" });
  });
});
