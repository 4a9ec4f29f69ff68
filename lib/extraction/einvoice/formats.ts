// The three e-invoice syntaxes Docket reads exactly: UN/CEFACT CII (ZUGFeRD 1 and 2, Factur-X, XRechnung —
// usually embedded in the PDF), OASIS UBL 2.1 (Invoice, CreditNote; PEPPOL, XRechnung UBL) and Mexican CFDI 3.3/4.0.
// Each reader takes the parsed root and returns the same EInvoice shape; nothing is guessed.

import { toMoney } from "../parse";
import type { HeaderValues, LineItem } from "../types";
import { child, childrenOf, descendants, path, textOf, type XmlElement } from "./xml";

export type EInvoiceFormat = "cii" | "ubl" | "cfdi";

export interface EInvoice extends HeaderValues {
  format: EInvoiceFormat;
  /** Human name of the syntax/version ("ZUGFeRD 1 (CII)", "CFDI 4.0"). */
  syntax: string;
  kind: "invoice" | "credit_note";
  /** What is left to pay after prepayments (CII DuePayableAmount, UBL PayableAmount); null when equal to total. */
  amountDue: string | null;
  lineItems: LineItem[];
}

const money = (el: XmlElement | null | undefined) => {
  const t = textOf(el);
  return t && /^-?\d+(\.\d+)?$/.test(t) ? toMoney(t) : null;
};
const decimal = (el: XmlElement | null | undefined) => {
  const t = textOf(el);
  if (!t || !/^-?\d+(\.\d+)?$/.test(t)) return null;
  return t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t;
};

/** CII dates: format 102 = YYYYMMDD (the one EN 16931 allows); ISO dates are accepted too. */
function ciiDate(el: XmlElement | null | undefined): string | null {
  const t = textOf(child(el, "DateTimeString")) ?? textOf(el);
  if (!t) return null;
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(t);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}
const isoDate = (t: string | null | undefined) => (t && /^\d{4}-\d{2}-\d{2}/.test(t) ? t.slice(0, 10) : null);

function joinAddress(parts: (string | null)[]) {
  const s = parts.filter(Boolean).join(", ");
  return s || null;
}

// ---- CII -----------------------------------------------------------------------------------------------

/** An amount among several with currencyID: the one in the invoice currency (CII repeats TaxTotalAmount). */
function inCurrency(els: XmlElement[], currency: string | null) {
  return els.find((e) => currency && e.attrs.currencyID === currency) ?? els[0] ?? null;
}

export function readCii(root: XmlElement): EInvoice {
  // ZUGFeRD 1 (and its 2014 release candidate, root <Invoice> in the CBFBUY namespace) name the parts differently.
  const v1 = !!child(root, "HeaderExchangedDocument");
  const doc = child(root, v1 ? "HeaderExchangedDocument" : "ExchangedDocument");
  const tx = child(root, v1 ? "SpecifiedSupplyChainTradeTransaction" : "SupplyChainTradeTransaction");
  const agreement = child(tx, v1 ? "ApplicableSupplyChainTradeAgreement" : "ApplicableHeaderTradeAgreement");
  const settlement = child(tx, v1 ? "ApplicableSupplyChainTradeSettlement" : "ApplicableHeaderTradeSettlement");
  const sum = child(settlement, v1 ? "SpecifiedTradeSettlementMonetarySummation" : "SpecifiedTradeSettlementHeaderMonetarySummation");
  const currency = textOf(child(settlement, "InvoiceCurrencyCode"))?.toUpperCase() ?? null;
  const seller = child(agreement, "SellerTradeParty");
  const buyer = child(agreement, "BuyerTradeParty");
  const regs = childrenOf(seller, "SpecifiedTaxRegistration").map((r) => child(r, "ID"));
  const vat = regs.find((r) => r?.attrs.schemeID === "VA") ?? regs[0];
  const addr = child(seller, "PostalTradeAddress");
  const typeCode = textOf(child(doc, "TypeCode"));
  const total = money(child(sum, "GrandTotalAmount"));
  const due = money(child(sum, "DuePayableAmount"));
  const lineItems: LineItem[] = childrenOf(tx, "IncludedSupplyChainTradeLineItem")
    .map((li) => {
      const product = child(li, "SpecifiedTradeProduct");
      const price = descendants(li, "NetPriceProductTradePrice")[0];
      // a text-only line (invoice corrections open with one) carries its text as a note, not as a product
      const note = descendants(child(li, "AssociatedDocumentLineDocument"), "Content").map((c) => textOf(c)?.replace(/\s+/g, " ")).filter(Boolean).join(" ") || null;
      return {
        description: textOf(child(product, "Name")) ?? textOf(child(product, "Description")) ?? (product ? null : note),
        quantity: decimal(descendants(li, "BilledQuantity")[0]),
        unitPrice: money(child(price, "ChargeAmount")),
        amount: money(descendants(li, "LineTotalAmount")[0]),
      };
    })
    .filter((l) => l.description !== null || l.quantity !== null || l.unitPrice !== null || l.amount !== null);
  return {
    format: "cii",
    syntax: v1 ? "ZUGFeRD 1 (CII)" : "CII (ZUGFeRD 2 / Factur-X / XRechnung)",
    kind: typeCode === "381" || typeCode === "261" ? "credit_note" : "invoice",
    invoiceNumber: textOf(child(doc, "ID")),
    issueDate: ciiDate(child(doc, "IssueDateTime")),
    dueDate: ciiDate(descendants(settlement, "DueDateDateTime")[0]),
    vendorName: textOf(child(seller, "Name")),
    vendorTaxId: textOf(vat),
    vendorAddress: joinAddress([textOf(child(addr, "LineOne")), [textOf(child(addr, "PostcodeCode")), textOf(child(addr, "CityName"))].filter(Boolean).join(" ") || null, textOf(child(addr, "CountryID"))]),
    billToName: textOf(child(buyer, "Name")),
    currency,
    subtotal: money(child(sum, "TaxBasisTotalAmount")),
    taxAmount: money(inCurrency(childrenOf(sum, "TaxTotalAmount"), currency)),
    total,
    amountDue: due !== null && due !== total ? due : null,
    lineItems,
  };
}

// ---- UBL 2.1 -------------------------------------------------------------------------------------------

function ublParty(p: XmlElement | null) {
  const party = child(p, "Party");
  const name = textOf(path(party, "PartyLegalEntity/RegistrationName")) ?? textOf(path(party, "PartyName/Name"));
  const tax = textOf(path(party, "PartyTaxScheme/CompanyID")) ?? textOf(path(party, "PartyLegalEntity/CompanyID"));
  const a = child(party, "PostalAddress");
  const address = joinAddress([textOf(child(a, "StreetName")), [textOf(child(a, "PostalZone")), textOf(child(a, "CityName"))].filter(Boolean).join(" ") || null, textOf(path(a, "Country/IdentificationCode"))]);
  return { name, tax, address };
}

export function readUbl(root: XmlElement): EInvoice {
  const credit = root.local === "CreditNote";
  const currency = textOf(child(root, "DocumentCurrencyCode"))?.toUpperCase() ?? null;
  const seller = ublParty(child(root, "AccountingSupplierParty"));
  const buyer = ublParty(child(root, "AccountingCustomerParty"));
  const sums = child(root, "LegalMonetaryTotal");
  const taxTotals = childrenOf(root, "TaxTotal").map((t) => child(t, "TaxAmount")).filter((x): x is XmlElement => !!x);
  const total = money(child(sums, "TaxInclusiveAmount")) ?? money(child(sums, "PayableAmount"));
  const payable = money(child(sums, "PayableAmount"));
  const lineItems: LineItem[] = childrenOf(root, credit ? "CreditNoteLine" : "InvoiceLine").map((l) => ({
    description: textOf(path(l, "Item/Name")) ?? textOf(path(l, "Item/Description")),
    quantity: decimal(child(l, credit ? "CreditedQuantity" : "InvoicedQuantity")),
    unitPrice: money(path(l, "Price/PriceAmount")),
    amount: money(child(l, "LineExtensionAmount")),
  }));
  return {
    format: "ubl",
    syntax: "UBL 2.1",
    kind: credit || textOf(child(root, "InvoiceTypeCode")) === "381" ? "credit_note" : "invoice",
    invoiceNumber: textOf(child(root, "ID")),
    issueDate: isoDate(textOf(child(root, "IssueDate"))),
    dueDate: isoDate(textOf(child(root, "DueDate")) ?? textOf(path(root, "PaymentMeans/PaymentDueDate"))),
    vendorName: seller.name,
    vendorTaxId: seller.tax,
    vendorAddress: seller.address,
    billToName: buyer.name,
    currency,
    subtotal: money(child(sums, "TaxExclusiveAmount")) ?? money(child(sums, "LineExtensionAmount")),
    taxAmount: money(inCurrency(taxTotals, currency)),
    total,
    amountDue: payable !== null && payable !== total ? payable : null,
    lineItems,
  };
}

// ---- CFDI 3.3 / 4.0 (Mexico) ---------------------------------------------------------------------------

const attrMoney = (el: XmlElement | null, name: string) => {
  const v = el?.attrs[name];
  return v && /^-?\d+(\.\d+)?$/.test(v) ? toMoney(v) : null;
};

export function readCfdi(root: XmlElement): EInvoice {
  const a = root.attrs;
  const emisor = child(root, "Emisor");
  const receptor = child(root, "Receptor");
  const impuestos = child(root, "Impuestos");
  const timbre = descendants(child(root, "Complemento"), "TimbreFiscalDigital")[0];
  const gross = attrMoney(root, "SubTotal");
  const discount = attrMoney(root, "Descuento");
  const total = attrMoney(root, "Total");
  // Net is the subtotal after discounts; tax is what separates it from the total (transferred − withheld taxes).
  const subtotal = gross !== null ? toMoney(((Math.round(Number(gross) * 100) - Math.round(Number(discount ?? 0) * 100)) / 100).toFixed(2)) : null;
  const taxAmount =
    subtotal !== null && total !== null
      ? toMoney(((Math.round(Number(total) * 100) - Math.round(Number(subtotal) * 100)) / 100).toFixed(2))
      : attrMoney(impuestos, "TotalImpuestosTrasladados");
  const folio = [a.Serie, a.Folio].filter(Boolean).join("-");
  const lineItems: LineItem[] = childrenOf(child(root, "Conceptos"), "Concepto").map((c) => ({
    description: c.attrs.Descripcion?.trim() || null,
    quantity: c.attrs.Cantidad ? (c.attrs.Cantidad.includes(".") ? c.attrs.Cantidad.replace(/0+$/, "").replace(/\.$/, "") : c.attrs.Cantidad) : null,
    unitPrice: attrMoney(c, "ValorUnitario"),
    amount: attrMoney(c, "Importe"),
  }));
  return {
    format: "cfdi",
    syntax: `CFDI ${a.Version ?? a.version ?? ""}`.trim(),
    kind: a.TipoDeComprobante === "E" ? "credit_note" : "invoice",
    invoiceNumber: folio || timbre?.attrs.UUID || null,
    issueDate: isoDate(a.Fecha),
    dueDate: null,
    vendorName: emisor?.attrs.Nombre?.trim() || null,
    vendorTaxId: emisor?.attrs.Rfc ?? null,
    vendorAddress: a.LugarExpedicion ? `C.P. ${a.LugarExpedicion}, MX` : null,
    billToName: receptor?.attrs.Nombre?.trim() || null,
    currency: a.Moneda && a.Moneda !== "XXX" ? a.Moneda.toUpperCase() : null,
    subtotal,
    taxAmount,
    total,
    amountDue: null,
    lineItems,
  };
}

/** Which e-invoice syntax a root element is, or null when it is some other XML. */
export function eInvoiceFormatOf(root: XmlElement): EInvoiceFormat | null {
  if (root.local === "CrossIndustryInvoice" || root.local === "CrossIndustryDocument") return "cii";
  if (root.local === "Invoice" && child(root, "HeaderExchangedDocument") && Object.values(root.attrs).some((v) => v.includes("uncefact"))) return "cii";
  if ((root.local === "Invoice" || root.local === "CreditNote") && Object.values(root.attrs).some((v) => v.includes("oasis:names:specification:ubl"))) return "ubl";
  if (root.local === "Comprobante" && Object.values(root.attrs).some((v) => v.includes("sat.gob.mx/cfd"))) return "cfdi";
  return null;
}
