// Words of the trade that mean the same in questions and documents, across Spanish and English (and a few German
// and French): a question about when a policy "vence" is answered by a page saying "fin de vigencia" or "expiry".
// A question word in a group matches any word of the group; the group counts as one word of the question.

const GROUPS: string[][] = [
  ["vence", "vencimiento", "vencer", "expira", "expiracion", "caduca", "caducidad", "vigencia", "vigente", "termina", "terminacion", "expiry", "expire", "expires", "expiration", "valid", "valida", "valido", "validez", "ends", "ablauf", "echeance"],
  // "when is it due" is answered by the payment instruction too: "Bitte überweisen Sie bis zum …", "Please remit until …"
  ["due", "payable", "pagadera", "pagar", "pago", "faellig", "fallig", "zahlbar", "zahlungsziel", "faelligkeit", "falligkeit", "uberweisen", "ueberweisen", "remit"],
  // the words that name a sum of money as such — "the amount of invoice X" is answered by its "Total", "Gesamtbetrag"
  // or "Montant TTC", "the total" by its "Amount due" or "Importe": one class, each satisfying the others
  ["total", "totals", "amount", "amounts", "sum", "summe", "gesamtsumme", "betrag", "gesamtbetrag", "rechnungsbetrag", "zahlbetrag", "endbetrag", "bruttobetrag", "montant", "ttc", "importe", "monto"],
  ["prima", "premium", "primas", "premiums"],
  ["anual", "annual", "yearly", "annuel", "jahrlich", "jaehrlich"],
  ["mensual", "monthly", "mensuel", "monatlich"],
  // a VAT number is the seller's tax id ("Vendor tax id", "USt-IdNr.", "numéro de TVA")
  ["vat", "tax", "tva", "ustid", "ustidnr", "steuernummer"],
  ["deducible", "deductible", "franquicia", "excess", "selbstbeteiligung"],
  ["asegurado", "insured", "policyholder", "tomador", "contratante", "versicherungsnehmer", "assure"],
  ["aseguradora", "insurer", "compania", "carrier", "versicherer", "assureur"],
  ["poliza", "policy", "polizas", "policies", "police", "polizze"],
  ["factura", "invoice", "folio", "rechnung", "facture"],
  ["proveedor", "vendor", "supplier", "emisor", "lieferant", "fournisseur", "seller", "verkaufer", "verkaeufer", "rechnungssteller", "vendeur"],
  ["cliente", "customer", "client", "receptor", "buyer", "purchaser", "kunde", "kaufer", "kaeufer", "rechnungsempfanger", "rechnungsempfaenger", "leistungsempfanger", "acheteur", "destinataire"],
  ["placa", "placas", "matricula", "plate", "plates", "kennzeichen", "immatriculation"],
  ["vin", "niv", "serie", "chassis", "bastidor"],
  ["entrega", "delivery", "albaran", "remision", "lieferschein", "livraison"],
  // when goods are (to be) delivered: "Requested delivery date", "Liefertermin", "Fecha de entrega", "Date de livraison"
  ["delivered", "deliver", "delivery", "entrega", "entregara", "entregado", "geliefert", "liefertermin", "lieferdatum", "livree", "livrer", "livraison"],
  ["cotizacion", "presupuesto", "quote", "quotation", "angebot", "devis"],
  ["contrato", "contract", "agreement", "vertrag", "contrat"],
  ["arrendamiento", "lease", "rent", "renta", "alquiler", "miete", "loyer"],
  ["cobertura", "coverage", "cover", "coberturas", "deckung", "garantie"],
  ["suma", "sum", "limite", "limit"],
  ["inicio", "start", "begins", "effective", "desde", "beginn", "commence", "commences", "commencement", "beginnt", "vertragsbeginn", "eintritt", "eintrittsdatum", "fangt", "incorpora", "incorporacion", "embauche", "vigor", "vigueur"],
  // contracts and employment, in the four languages: how long, how to end it, what it pays, what law rules it
  ["notice", "preaviso", "kundigung", "kundigungsfrist", "preavis"],
  ["term", "duration", "duracion", "laufzeit", "mindestlaufzeit", "lauft", "duree"],
  ["probation", "probationary", "prueba", "probezeit", "essai"],
  ["salary", "salario", "sueldo", "gehalt", "jahresgehalt", "bruttojahresgehalt", "salaire", "remuneration", "remuneracion", "retribucion"],
  ["fee", "fees", "cuota", "honorarios", "vergutung", "redevance", "honoraires"],
  ["cap", "limitation", "limitacion", "plafond", "plafonnee", "begrenzung", "haftungsbegrenzung", "begrenzt", "exceed", "excedera"],
  ["liability", "responsabilidad", "haftung", "gesamthaftung", "responsabilite"],
  ["law", "ley", "legislacion", "recht", "droit", "loi"],
  ["holiday", "holidays", "leave", "vacaciones", "urlaub", "urlaubstage", "urlaubsanspruch", "conges"],
  ["employer", "empresa", "arbeitgeber", "employeur"],
  ["cargo", "cargara", "adeudo"],
  ["period", "periodo", "zeitraum", "abrechnungszeitraum", "periode"],
];

const BY_WORD = new Map<string, string[]>();
for (const g of GROUPS) for (const w of g) BY_WORD.set(w, [...new Set([...(BY_WORD.get(w) ?? []), ...g])]);

/** The words that mean the same as a (folded) word, itself included; just the word when it has no group. */
export function synonymsOf(folded: string): string[] {
  return BY_WORD.get(folded) ?? [folded];
}
