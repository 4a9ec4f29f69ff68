// The party a question names ("the IBAN of Lieferant GmbH", "la póliza de Transportes del Norte SA de CV") and the
// role that party plays in a document (seller or buyer), so an answer about a party comes from that party's
// documents — never from another company's passage that happens to hold the asked kind of value.

import { detectLanguage, foldText, isStopWord, type SearchLang } from "./text";

export interface NamedParty {
  /** As written in the question. */
  name: string;
  /** Its distinctive words, folded (no legal form, no connectors): every one must be in a document that names it. */
  words: string[];
  /** The name from its first to its last distinctive word ("Transportes del Norte" of "… SA de CV"): a document names the party when it holds this phrase. */
  phrase: string;
}

const LEGAL_FORMS = new Set([
  "gmbh", "ag", "kg", "ohg", "ug", "eg", "gbr", "se", "sa", "sl", "slu", "sas", "sarl", "eurl", "sasu", "snc", "cv", "rl", "srl", "spa", "sapi", "ltd", "ltda", "limited", "inc", "llc", "llp", "lp", "corp", "corporation", "plc", "co", "bv", "nv", "oy", "ab", "as", "aps", "kft", "sro", "sp", "zoo",
]);
/** Lower-case words that stand inside a name ("Transportes del Norte", "Dupont et Fils", "Bank of Scotland"). */
const CONNECTORS = new Set(["de", "del", "la", "las", "los", "y", "e", "of", "the", "and", "&", "et", "du", "des", "von", "und", "van", "der", "di"]);
/** Capitalised words of a question that name a field or an id, not a party. */
const FIELD_WORDS = new Set(["iban", "bic", "swift", "sepa", "vat", "rfc", "clabe", "niv", "vin", "nif", "cif", "ein", "id", "nr", "no", "nº", "n°", "num", "pdf", "eur", "usd", "mxn", "gbp", "chf", "ust", "ustidnr", "ustid", "siret", "siren", "tva", "i"]);

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}&'’.\-]*|&/gu;

/** The party a question names, or null. A name is a run of capitalised words (lower-case connectors inside): two or more of them, or one with a legal form. In German, whose nouns are capitalised, a name with a legal form or two capitalised words in a row. */
export function namedParty(question: string, lang: SearchLang = detectLanguage(question)): NamedParty | null {
  const tokens = [...question.matchAll(TOKEN)].map((m) => ({ raw: m[0].replace(/[.'’]+$/, ""), index: m.index ?? 0 }));
  const isCap = (t: string) => /^\p{Lu}/u.test(t) && !/\d/.test(t) && !FIELD_WORDS.has(foldText(t).replace(/\./g, ""));
  let best: NamedParty | null = null;
  for (let i = 0; i < tokens.length; i++) {
    if (!isCap(tokens[i].raw)) continue;
    // a run: capitalised words, connectors only between two of them
    let j = i;
    let end = i;
    while (j + 1 < tokens.length) {
      const next = tokens[j + 1].raw;
      if (isCap(next) || (LEGAL_FORMS.has(foldText(next).replace(/\./g, "")) && !/\d/.test(next))) {
        j++;
        end = j;
      } else if (CONNECTORS.has(next.toLowerCase()) && j + 2 < tokens.length && (isCap(tokens[j + 2].raw) || LEGAL_FORMS.has(foldText(tokens[j + 2].raw).replace(/\./g, "")))) j++;
      else break;
    }
    let run = tokens.slice(i, end + 1);
    let folded = run.map((t) => foldText(t.raw).replace(/\./g, ""));
    const legal = folded.some((w, k) => k > 0 && LEGAL_FORMS.has(w));
    i = end;
    // in German, whose nouns are capitalised one at a time ("das Jahresgehalt von Markus Brandt"), a name without a
    // legal form is two or more capitalised words in a row: the longest such stretch of the run
    if (lang === "de" && !legal) {
      let from = 0;
      let span: [number, number] = [0, 0];
      for (let k = 1; k <= run.length; k++) {
        if (k < run.length && isCap(run[k].raw) && isCap(run[k - 1].raw) && run[k].index - (run[k - 1].index + run[k - 1].raw.length) <= 1) continue;
        if (k - from > span[1] - span[0] && run.slice(from, k).every((t) => isCap(t.raw))) span = [from, k];
        from = k;
      }
      if (span[1] - span[0] < 2) continue;
      run = run.slice(...span);
      folded = folded.slice(...span);
    }
    const core = folded.filter((w, k) => !CONNECTORS.has(run[k].raw) && !(k > 0 && LEGAL_FORMS.has(w)) && !CONNECTORS.has(w));
    const caps = run.filter((t) => isCap(t.raw)).length;
    if (!core.length || !(legal || caps >= 2)) continue;
    // a question word is no name, though a legal form's letters follow it ("¿Cuándo se cargará…": "se" is not an SE)
    if (run[0].index === question.search(/\p{L}/u) && isStopWord(folded[0]) && core.length === 1) continue;
    // the question's first word is capitalised anyway: not part of a name unless the name has a legal form
    if (run[0].index === question.search(/\p{L}/u) && !legal) {
      if (core.length < 3) continue;
      core.shift();
      run = run.slice(1);
    }
    const name = question.slice(run[0].index, run[run.length - 1].index + run[run.length - 1].raw.length);
    const inCore = run.filter((t) => core.includes(foldText(t.raw).replace(/\./g, "")));
    const phrase = question.slice(inCore[0].index, inCore[inCore.length - 1].index + inCore[inCore.length - 1].raw.length);
    if (!best || core.length > best.words.length) best = { name, words: core, phrase };
  }
  return best;
}

const SELLER = /\b(proveedor|emisor|vendedor|vendor|supplier|seller|lieferant|rechnungssteller|verkaufer|fournisseur|vendeur|emetteur|arrendador|landlord|lessor|contractor|aseguradora|insurer|issuer|from|payee|beneficiary|creditor)\b/;
const BUYER = /\b(cliente|receptor|comprador|bill to|billed to|sold to|ship to|customer|client|kunde|kaufer|rechnungsempfanger|leistungsempfanger|auftraggeber|besteller|buyer|purchaser|acheteur|acquereur|destinataire|arrendatario|tenant|lessee|asegurado|tomador|contratante|insured|policyholder|versicherungsnehmer|assure|entregado a|delivered to|debtor)\b/;

export type PartyRole = "seller" | "buyer" | "unknown";

/** Whether a name holds all the party's words, as words. */
export function namesParty(text: string, words: string[]): boolean {
  const have = new Set(foldText(text).split(/[^a-z0-9ñ&]+/));
  return words.every((w) => have.has(w));
}

/** The party's role in one document: from its party facts (the label the name stands under) and the invoice read from it. */
export function partyRole(words: string[], facts: { type: string; label: string; value: string }[], invoices: { vendorName: string | null; billToName: string | null }[]): PartyRole {
  let seller = false;
  let buyer = false;
  for (const i of invoices) {
    if (i.vendorName && namesParty(i.vendorName, words)) seller = true;
    if (i.billToName && namesParty(i.billToName, words)) buyer = true;
  }
  for (const f of facts) {
    if (f.type !== "party" || !namesParty(f.value, words)) continue;
    const label = foldText(f.label);
    if (SELLER.test(label)) seller = true;
    else if (BUYER.test(label)) buyer = true;
  }
  return seller ? "seller" : buyer ? "buyer" : "unknown";
}

/**
 * The role a question asks for ("who is the buyer", "le client", "der Rechnungsempfänger"), or null when it names
 * neither role or both ("the customer of supplier X").
 */
export function roleAsked(question: string): "seller" | "buyer" | null {
  const f = foldText(question);
  // "from" in a question is a preposition ("valid from", "bought from"), not the seller's label
  const seller = SELLER.test(f.replace(/\bfrom\b/g, " "));
  const buyer = BUYER.test(f);
  return seller === buyer ? null : seller ? "seller" : "buyer";
}

/** The role a value's label names ("Vendor:", "Rechnungsempfänger:", "Bill to:"), or null. */
export function labelRole(label: string): "seller" | "buyer" | null {
  const f = foldText(label);
  // "From:" alone labels the seller; "valid from" does not
  const seller = SELLER.test(f.replace(/\bfrom\b/g, " ")) || /^\s*from\s*[:\-–]?\s*$/.test(f);
  const buyer = BUYER.test(f);
  if (seller === buyer) {
    if (!seller) return null;
    // both: the label nearest the value names it ("Supplier … Customer:")
    const last = (re: RegExp) => [...f.matchAll(new RegExp(re.source, "g"))].at(-1)?.index ?? -1;
    return last(SELLER) > last(BUYER) ? "seller" : "buyer";
  }
  return seller ? "seller" : "buyer";
}
