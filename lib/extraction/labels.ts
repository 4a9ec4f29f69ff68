import { fold } from "./layout";

// Field labels in English, Spanish (Mexico), German and French, matched against folded text (lower case, no accents).

// Dots in labels also match ":" or "," (OCR reads "zzgl." as "zzgl:").
const alt = (xs: string[]) =>
  [...xs]
    .sort((a, b) => b.length - a.length) // longest first: "invoice ref." before "invoice"
    .map((x) => x.replace(/[*+?^${}()|[\]\\]/g, "\\$&").replace(/\./g, "[.:,]").replace(/ /g, "\\s*"))
    .join("|");
/** A label at the start of a segment, followed by an optional separator and (maybe) the value. */
const label = (xs: string[], notAfter = "") =>
  new RegExp(`^(?:${alt(xs)})${notAfter ? `(?!\\s*(?:${notAfter}))` : ""}(?![a-z])\\s*(?:[:#.]|n[°o]\\.?|no\\.|nr\\.?)?\\s*(?:[:#]\\s*)?(.*)$`);

/** What follows a tax word that says no tax is charged: an exemption and the law that grants it. */
export const TAX_NOT_CHARGED = "non applicable|not applicable|n'est pas applicable|nicht|befreit|exon\\w*|exempt\\w*|franchise|nach\\s*§|gem\\S*\\s*§|§|art\\.|article|artikel";

export const LABELS = {
  invoiceNumber: label([
    "invoice number", "invoice no", "invoice nr", "invoice #", "invoice", "inv no", "inv #", "inv.", "tax invoice no", "tax invoice",
    "invoice reference", "invoice ref.", "invoice ref", "reference no", "ref. no", "document number", "doc. no", "credit note number", "credit note no", "credit note", "credit memo number", "credit memo no", "credit memo", "bill no", "document no",
    "no. de factura", "numero de factura", "num. factura", "factura no", "factura num", "factura", "folio fiscal", "serie y folio", "folio",
    "nota de credito no", "nota de credito",
    "rechnungsnummer", "rechnungs-nr", "rechnungsnr", "rechnung nr", "rechnung", "gutschriftsnummer", "gutschriftnummer", "gutschrift nr", "gutschrift", "beleg-nr", "belegnummer",
    "numero de facture", "n° de facture", "no de facture", "facture n°", "facture no", "facture", "avoir n°", "n° d'avoir", "numero d'avoir", "avoir",
    // nl, it, pt
    "factuurnummer", "factuurnr", "factuur nr", "factuur", "creditnotanummer", "creditnota",
    "numero fattura", "n. fattura", "fattura n.", "fattura n", "fattura nr", "fattura", "numero documento",
    "numero da fatura", "n.º da fatura", "nº da fatura", "fatura n.º", "fatura nº", "fatura", "numero do documento",
    // the number word first ("N° facture", "Nº Fatura", "Nr. Rechnung", "No. Factura")
    "n° facture", "nº fatura", "n.º fatura", "nº factura", "n° factura", "no. factura", "n. fattura", "nr. factuur", "nr. rechnung",
    // the invoice families' own titles with their number ("Nota di accredito n. 7", "Fatura-recibo n.º FR 12")
    "gutschriftsanzeige", "rechnungsstorno", "note d'avoir", "nota de abono", "factura de abono", "nota di accredito", "creditnote",
    "voorschotfactuur", "eindfactuur", "deelfactuur", "fatura-recibo", "factura-recibo", "fatura simplificada", "factura simplificada",
    "autofacturation", "autofactura", "autofattura", "autofatura", "debit note", "note de debit", "nota de debito", "nota di debito", "debetnota",
    // receipts carry the same fields
    "receipt number", "receipt no", "receipt #", "receipt", "recibo no", "recibo", "quittungsnummer", "quittung nr", "numero de recu", "recu n°", "bonnummer", "kwitantienummer", "ricevuta n", "numero ricevuta",
  ], "date|datum|fecha|total|to\\b|an\\b|a\\b"),
  /** A bare number word ("Numéro :", "Nummer", "No.") — the invoice's number only where nothing better names it. */
  genericNumber: label(["numero", "nummer", "number", "no.", "nr.", "n°", "nº", "n.º"], "(?:de |d'|du |des |van |di |do |da |del |der |des )?(?:client|kunde|customer|cliente|klant|commande|order|bestell|auftrag|tva|vat|ust|siret|siren|tel|fax|compte|konto|account|iban|bic|lieferschein|bon|pedido|ordine|ordem|rcs|hrb|kvk|nif|cif|p\\.?\\s*iva|contribuinte|article|artikel|item)"),
  dueDate: label([
    "due date", "payment due date", "payment due", "due on", "due by", "due", "pay by",
    "fecha de vencimiento", "vencimiento", "fecha limite de pago", "fecha limite", "pagar antes de",
    "fallig am", "falligkeitsdatum", "falligkeitstag", "fallig", "zahlbar bis", "zahlungsziel", "zahlungsfrist",
    "date d'echeance", "date d'echeance", "echeance", "a payer avant le", "a regler avant le", "payable avant le", "payable le", "date limite de paiement",
    "vervaldatum", "te betalen voor", "uiterste betaaldatum", "data di scadenza", "data scadenza", "scadenza", "data de vencimento", "vencimento", "pagar ate",
  ]),
  issueDate: label([
    "invoice date", "date of issue", "issue date", "issued on", "issued", "date of invoice", "credit note date", "date paid", "paid on", "payment date", "date",
    "fecha de emision", "fecha de expedicion", "fecha de factura", "fecha",
    "rechnungsdatum", "gutschriftsdatum", "ausstellungsdatum", "datum",
    "date de facture", "date de facturation", "date d'emission", "date de l'avoir", "emise le", "date",
    "factuurdatum", "datum", "data fattura", "data documento", "data", "data da fatura", "data de emissao", "data do documento",
  ], "of delivery|of supply|of service|de livraison|de entrega|di consegna|van levering"),
  vendor: label(["from", "vendor", "supplier", "seller", "sold by", "bill from", "issued by", "emisor", "proveedor", "vendedor", "lieferant", "verkaufer", "rechnungssteller", "fournisseur", "vendeur", "emetteur", "emis par"]),
  billTo: label([
    "bill to", "billed to", "invoice to", "sold to", "customer", "client", "buyer", "ship to",
    "facturar a", "facturado a", "cliente", "receptor", "adquirente",
    "rechnungsempfanger", "rechnung an", "kunde", "empfanger", "auftraggeber",
    "facture a", "facturer a", "client", "destinataire", "acheteur",
    "factuur aan", "klant", "afnemer", "aan", "t.a.v.", "spett.le", "spettabile", "exmo(s) sr(s).", "exmo(s)", "exmo.", "exma.", "cliente", "destinatario", "committente", "cessionario", "fatturare a", "adquirente", "faturar a",
  ], "id\\b|no\\b|number|nr|#|ref|nummer|numero|rfc"),
  subtotal: label([
    "subtotal", "sub total", "sub-total", "net amount", "net total", "total net", "total before tax", "amount before tax", "taxable value", "taxable amount",
    "base imponible", "importe neto", "suma",
    "zwischensumme", "nettobetrag", "summe netto", "nettosumme", "gesamt netto", "netto", "warenwert",
    "sous-total", "sous total", "total ht", "montant ht", "total hors taxes", "montant hors taxes",
    "subtotaal", "totaal excl. btw", "totaal excl", "imponibile", "totale imponibile", "valor sem iva", "total sem iva", "base tributavel", "total iliquido", "valor iliquido", "base de incidencia",
  ], "a pagare|da pagare|a pagar|a payer|te betalen|zu zahlen"),
  tax: label(
    [
      "total tax", "tax amount", "sales tax", "tax", "vat", "gst", "igst", "cgst", "sgst", "utgst",
      "iva trasladado", "iva", "i.v.a.", "impuestos trasladados", "impuestos", "impuesto",
      "umsatzsteuer", "mehrwertsteuer", "mwst.", "mwst", "ust.", "ust", "zzgl. mwst", "zzgl. ust", "zzgl. umsatzsteuer", "zzgl.",
      "total tva", "montant tva", "montant de la tva", "tva",
      "btw", "totaal btw", "imposta", "totale iva", "valor do iva", "total iva",
    ],
    // (nor a mention that no tax is charged: "TVA non applicable, art. 293 B du CGI", "USt. nach § 19 UStG")
    "id|no\\b|number|reg|registration|identification|intracom|nr|nummer|-id|-idnr|exempt|included|incl|rate|invoice|" + TAX_NOT_CHARGED,
  ),
  total: label([
    "grand total", "invoice total", "total amount due", "total amount", "total due", "total payable", "total (incl", "total incl", "total",
    "amount due", "balance due", "amount payable",
    "total a pagar", "importe total", "total neto a pagar",
    "gesamtbetrag", "rechnungsbetrag", "gesamtsumme", "summe brutto", "bruttobetrag", "endbetrag", "zu zahlen", "gesamt", "summe",
    "total ttc", "montant ttc", "net a payer", "montant total", "total a payer", "total general",
    "amount paid", "total paid", "betrag bezahlt", "montant paye", "importe pagado", "importo pagato", "betaald bedrag", "valor pago",
    "totaal incl. btw", "totaal", "te betalen", "totale fattura", "totale documento", "totale da pagare", "netto a pagare", "netto da pagare", "importo da pagare", "total factura", "total do documento", "zahlbetrag", "totale", "valor total", "total a pagar", "total da fatura",
  ]),
};

/** How sure a total label is to mean the grand total (a plain "Total" is good, "Amount due" may be a balance). */
export function totalLabelRank(folded: string): number {
  if (/^(grand total|invoice total|total ttc|montant ttc|net a payer|total a pagar|gesamtbetrag|rechnungsbetrag|summe brutto|bruttobetrag|endbetrag|total amount|importe total|total general|total\s*\(incl|total incl)/.test(folded)) return 3;
  if (/^(total|gesamtsumme|montant total|gesamt|summe)(?!\s*(ht|net|tax|tva|hors|vat|iva|mwst))/.test(folded)) return 2;
  return 1;
}

/** Subtotal-looking labels that the generic "total" label would also match. */
export const NOT_GRAND_TOTAL = /^(total\s*(ht|net|hors|before|tax|tva|iva|mwst|vat|gst|de la tva|impuestos)|total\s+tax|gesamt\s*netto|summe\s*netto|gesamtbetrag\s+der|summe\s+der|total\s+(des|of)\s)/;

export const TABLE_HEADERS = {
  description: /^(description|descripcion|item description|item|items|details|product|products|service|services|particulars|concepto|descripcion del concepto|articulo|producto|beschreibung|bezeichnung|artikel|leistung|artikelbezeichnung|designation|libelle|article|prestation)$/,
  quantity: /^(qty|qty\.|quantity|hrs|hours|units|cantidad|cant\.?|menge|anzahl|anz\.?|qte|qte\.|quantite)$/,
  unitPrice: /^(unit price|unit cost|rate|price|unit|price\/unit|precio unitario|p\. unitario|precio u\.?|valor unitario|precio|einzelpreis|e-preis|preis|stuckpreis|prix unitaire|p\.u\.?|pu ht|prix u\.? ht|prix)$/,
  amount: /^(amount|total|line total|amount \(\w+\)|importe|total linea|betrag|gesamt|gesamtpreis|summe|montant|total ht|montant ht|prix total)$/,
};

/** Document titles for classification, strongest first within each kind; the first kind that matches a segment wins. */
export const TITLES: { kind: "invoice" | "credit_note" | "quote" | "receipt" | "delivery_note"; re: RegExp }[] = [
  // Invoices whose titles carry another kind's word: self-billing (a German "Gutschrift im Gutschriftverfahren" is
  // the buyer's invoice, not a credit note), invoice-receipts (paid on the spot) and debit notes.
  { kind: "invoice", re: /\b(gutschrift\s+im\s+gutschriftsverfahren|gutschrift\s+im\s+gutschriftverfahren|selbst\s?ausgestellte\s+rechnung|self-?\s?bill(ing|ed)(\s+invoice)?|auto-?\s?facturation|facture\s+d'auto-?\s?facturation|auto-?\s?factura(cion)?|auto-?\s?fattura|auto-?\s?fatura(cao)?|zelf-?\s?facturatie|fatura-?\s?recibo|factura-?\s?recibo|fattura\s+quietanzata|debit note|debit memo|note de debit|nota de debito|nota di debito|debetnota|belastungsanzeige)\b/ },
  { kind: "quote", re: /\b(pro-?\s?forma\w*(\s+invoice)?|quotation|quote|estimate|price offer|cotizacion|presupuesto|angebot|kostenvoranschlag|devis|offre de prix|facture pro-?\s?forma|offerte|preventivo|orcamento)\b/ },
  { kind: "credit_note", re: /\b(credit note|credit memo|nota de credito|gutschrift\w*|rechnungskorrektur|stornorechnung|rechnungsstorno|avoir|facture d'avoir|note de credit|note d'avoir|creditnota|credit nota|creditnote|creditfactuur|nota di credito|nota di accredito|nota de abono|factura de abono|factura abono)\b/ },
  { kind: "delivery_note", re: /\b(delivery note|packing slip|packing list|delivery docket|nota de remision|remision|guia de remision|lieferschein|bon de livraison|bordereau de livraison)\b/ },
  { kind: "receipt", re: /\b(receipt|payment receipt|sales receipt|recibo|recibo de pago|quittung|kassenbon|zahlungsbestatigung|recu|ticket de caisse|kwitantie|betalingsbewijs|ricevuta|scontrino)\b/ },
  // German and Dutch form an invoice's kind as a compound ending in -rechnung / -factuur (Handels-, Teil-, Schluss-,
  // Abschlags-, Anzahlungs-; voorschot-, eind-, deel-); the other languages qualify it after or before the word.
  { kind: "invoice", re: /\b(tax invoice|invoice|commercial invoice|factura|factura electronica|cfdi|[a-z]*rechnung|facture|[a-z]*factuur|fattura|fatura|faktura|nota fiscal|note d'honoraires|honorarnote|kostennote|parcella)\b/ },
];

/**
 * A title word the text layer broke with a stray space ("Rechnungskor rektur", "Fac ture", "Zahlungserin nerung"):
 * some producers position a heading's glyphs in runs, and the reader sees a space where a run ends. When the text
 * matches none of `families` as it stands, one space between two letters and two lower-case letters (or between two
 * capitals and two capitals: "FAC TURE") is closed up if that makes a word of a family; otherwise the text is
 * returned unchanged. A lone letter is never joined ("à voir" is not "avoir"); words are never split or reordered.
 */
export function rejoinBrokenWord(text: string, families: RegExp[]): string {
  if (families.some((re) => re.test(fold(text)))) return text;
  for (const m of text.matchAll(/(?<=\p{L}{2}) (?=\p{Ll}{2})|(?<=\p{Lu}{2}) (?=\p{Lu}{2})/gu)) {
    const joined = text.slice(0, m.index) + text.slice(m.index + 1);
    if (families.some((re) => re.test(fold(joined)))) return joined;
  }
  return text;
}

/** The title families of an invoice or a credit note (the words `rejoinBrokenWord` restores in titles). */
export const INVOICE_TITLE_FAMILIES = TITLES.filter((t) => t.kind === "invoice" || t.kind === "credit_note").map((t) => t.re);
