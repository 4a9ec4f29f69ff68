// The words of a question that are no evidence that a passage answers it, one definition for retrieval's coverage and
// the answerer's field words: those naming the kind of document it is about ("the invoice", "la póliza", "the
// services agreement", "el contrato de trabajo", "der Dienstleistungsvertrag") or a document as such ("the
// document") — the document says them, on its title page, anywhere, not the passage that answers — and those saying
// only that a value is asked for ("the amount", "el número", "the notice period"): the value answers them.

import { isStopWord, words, type SearchLang } from "./text";

/** Nouns that name a kind of document, or a document as such, in the four languages. */
const DOCUMENT_KIND = new Set([
  "poliza", "polizas", "policy", "policies", "factura", "facturas", "invoice", "invoices", "rechnung", "facture", "contrato", "contract", "agreement", "vertrag", "contrat", "cotizacion", "presupuesto", "quote", "quotation", "angebot", "devis", "remision", "albaran", "lieferschein",
  // bills and purchase orders, in the four languages
  "bill", "bills", "statement", "order", "po", "pedido", "recibo", "bestellung", "commande",
  // a document as such
  "document", "documents", "documento", "documentos", "dokument", "dokumente",
]);
/** German compounds of a kind of document ("Dienstleistungsvertrag", "Arbeitsvertrag", "Stromrechnung"). */
const KIND_COMPOUND = /^\p{L}{3,}(vertrag|rechnung|bestellung)$/u;
/** Verbs of starting, and the work that starts after them: "start work", "commencer à travailler", "empezar a trabajar", "anfangen zu arbeiten". */
const START_VERB = /^(start|starts|begin|begins|commence|commences|commencer|commence|commencera|empieza|empezara|empezar|comienza|comenzara|comenzar|fangt|beginnt|anfangen|beginnen)$/;
const WORK = /^(work|working|travail|travailler|trabajo|trabajar|arbeit|arbeiten)$/;

/**
 * Which words of a question (indexes into `words(question)`) name the kind of document: a kind noun, a German
 * compound of one, and the word that makes it a kind of its own — before it in English ("the services agreement",
 * "the electricity bill", "the employment contract"), after it and "de" in Spanish and French ("el contrato de
 * trabajo", "l'accord de confidentialité").
 */
export function kindWords(question: string, lang: SearchLang): Set<number> {
  const ws = words(question);
  const out = new Set<number>();
  ws.forEach((w, i) => {
    if (!DOCUMENT_KIND.has(w.norm) && !KIND_COMPOUND.test(w.norm)) return;
    out.add(i);
    const before = ws[i - 1];
    if (lang === "en" && before && !isStopWord(before.norm) && !/\d/.test(before.norm) && /^\p{Ll}/u.test(question.slice(before.start, before.end))) out.add(i - 1);
    const [of, after] = [ws[i + 1], ws[i + 2]];
    if ((lang === "es" || lang === "fr") && of && after && /^(de|d)$/.test(of.norm) && !/\d/.test(after.norm) && !isStopWord(after.norm) && /^\p{Ll}/u.test(question.slice(after.start, after.end))) out.add(i + 2);
  });
  // the work that starts ("when does she start work", "commence-t-il à travailler") is the employment the contract is
  // about, as "the contract" in "when does the contract start"
  ws.forEach((w, i) => {
    if (!WORK.test(w.norm)) return;
    const verb = [ws[i - 1], ws[i - 2]].find((x) => x && START_VERB.test(x.norm));
    if (verb && (verb === ws[i - 1] || /^(a|to|zu)$/.test(ws[i - 1].norm))) out.add(i);
  });
  return out;
}

/** The (folded) words of a question that name the kind of document, in order: what retrieval looks up as their lexemes. */
export function kindWordsOf(question: string, lang: SearchLang): string[] {
  const at = kindWords(question, lang);
  return words(question).filter((_, i) => at.has(i)).map((w) => w.norm);
}

/** Words that say only that a length of time is asked for ("el plazo de preaviso", "the notice period", "le délai de paiement"). */
export const PERIOD_WORDS = new Set(["plazo", "period", "frist", "delai"]);

/**
 * Words that say only that a value is asked for ("the amount of", "el importe de", "the VAT number", "the notice
 * period"): the value answers them. And the verbs that only relate the document to what is asked ("what period does
 * the bill cover", "la commande passée à X"), stop words in the other languages ("cubre", "umfasst", "couvre") but
 * words a search looks for.
 */
export const GENERIC = new Set(["amount", "amounts", "value", "values", "figure", "figures", "importe", "monto", "cantidad", "valor", "betrag", "wert", "montant", "valeur", "number", "numero", "nummer", "num", "nr", ...PERIOD_WORDS, "cover", "covers", "placed", "passee", "passees"]);

/**
 * Words naming a length of time, in the four languages ("the notice period", "la durée de la période d'essai", "der
 * Zeitraum"): what is asked when nothing else in the question names it ("what period does the bill cover", "la durée du
 * contrat"), the phrasing of the question when something does ("the probation period").
 */
export const TIME_WORDS = new Set([...PERIOD_WORDS, "periodo", "periode", "zeitraum", "duree", "duracion", "duration", "dauer", "length"]);
