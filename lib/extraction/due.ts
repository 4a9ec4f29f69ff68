// The due date where no "Due date:" label gives it, each a general rule of how invoices state it (en/de/fr/es/nl/it/pt):
// - a due word in running text right before its date ("… zu der Fälligkeit 21.05.2014 …", "payment due on 3 May 2024",
//   "échéance le 15/04/2024"), or right after it ("wird am 06.12.2013 fällig");
// - the direct debit's date ("Der Betrag wird am 20.03.2014 von Ihrem Konto … abgebucht", "sera prélevé le …");
// - a "Fälligkeit" / "Due date" / "Échéance" column of the payment terms table with the date under it;
// - the payment terms in days, counted from the issue date ("Zahlungsziel: 30 Tage netto", "payable within 14 days",
//   "Net 30", "à 30 jours fin de mois", "a 30 días", "binnen 14 dagen", "entro 30 giorni", "a 30 dias"); a discount's
//   shorter term ("2 % Skonto innerhalb 10 Tagen") is not the due date. "Zahlbar sofort" / "due on receipt" is due on
//   the issue date.

import { foldKeep, type Line } from "./layout";
import { findDates, parseDate } from "./parse";

export interface DueFound {
  value: string;
  confidence: number;
  /** How it was read, for the reviewer ("from the payment terms (30 days after the invoice date)"); null when printed. */
  note: string | null;
}

const DUE_WORD =
  "(?:fallig(?:keit(?:sdatum|stag|stermin)?)?|zahlungstermin|zahlbar (?:am|zum|per)|due(?: date)?|payable (?:on|by)|echeance|date d'echeance|exigible|payable le|a regler (?:avant )?le|a payer (?:avant )?le|vencimiento|fecha de vencimiento|vence(?: el)?|pagadero el|scadenza|data (?:di )?scadenza|scade il|da pagare entro il|vervaldatum|vervalt op|te betalen (?:voor|op)|vencimento|data de vencimento|vence em|pagavel ate)";
/** A due word, then at most a preposition and punctuation, then the date. */
const DUE_BEFORE = new RegExp(`\\b${DUE_WORD}\\s*[:.]?\\s*(?:(?:am|zum|on|by|le|au|el|il|op|em|the|de|del)\\s+)?$`);
/** The date, then its due word ("am 06.12.2013 fällig", "le 15/04/2024 à échéance" is rarer; the verb forms). */
const DUE_AFTER = /^\s*[.,]?\s*(?:zur zahlung\s+)?(fallig|due|exigible|vence|scade|vervalt|vencem?)\b/;
/** The next line holding only that word ("am 06.12.2013" / "fällig."). */
const DUE_ALONE = /^\s*(?:zur zahlung\s+)?(fallig|due|exigible|vence|scade|vervalt|vencem?)\s*[.!]?\s*$/;
/** The date a direct debit takes the amount: the day it is paid. */
const DEBIT = /\b(abgebucht|abbuchen|abbuchung|eingezogen|einziehen|lastschrift\w*|debited|direct debit|preleve\w*|prelevement|addebitat\w*|addebito|adeudad\w*|adeudo|cargad[oa] en (?:su )?cuenta|geincasseerd|afgeschreven|incasso|debitad[oa])\b/;
const DEBIT_ON = /\b(?:am|on|le|el|il|op|em|zum|per)\s*$/;
const NOT_DUE = /\b(leistungs\w*|liefer\w*|zeitraum|periode|period|delivery|livraison|entrega|consegna|levering|vom|from|du|ab|gultig|valid)\s*$/;

/** A due date printed in running text, or the day a direct debit takes the amount. */
export function dueDateInText(lines: Line[], dayFirst: boolean): DueFound | null {
  for (let i = 0; i < lines.length; i++) {
    const f = foldKeep(lines[i].text).replace(/\s+/g, " ");
    // the sentence may go on to the next line ("… am 06.12.2013" / "fällig.")
    const next = lines[i + 1] && lines[i + 1].page === lines[i].page ? foldKeep(lines[i + 1].text).replace(/\s+/g, " ") : "";
    for (const d of findDates(f, dayFirst)) {
      const before = f.slice(Math.max(0, d.index - 50), d.index);
      const dateEnd = f.slice(d.index).search(/\s|$/);
      const after = f.slice(d.index + (dateEnd < 0 ? f.length : dateEnd));
      if (DUE_BEFORE.test(before) && !NOT_DUE.test(before.replace(DUE_BEFORE, ""))) return { value: d.iso, confidence: 0.85, note: null };
      const period = NOT_DUE.test(before.replace(/\b(?:am|on|le|el|il|op|em)\s*$/, ""));
      if (!period && (after.trim() ? DUE_AFTER.test(after) : DUE_ALONE.test(next))) return { value: d.iso, confidence: 0.85, note: null };
      if (DEBIT_ON.test(before) && DEBIT.test(`${before} ${after} ${next}`)) return { value: d.iso, confidence: 0.85, note: null };
    }
  }
  return null;
}

const DUE_HEAD = /^(fallig\w*|due date|due|payment due|date d'echeance|echeance|date limite de paiement|vencimiento|fecha de vencimiento|scadenza|data (?:di )?scadenza|vervaldatum|vervaldag|vencimento|data de vencimento)\s*:?$/;

/** A due-date column (the payment terms table's "Beschreibung | Fälligkeit | Teilzahlung"): the date under its head. */
export function dueDateColumn(lines: Line[], dayFirst: boolean): DueFound | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.segments.length < 2) continue;
    const head = line.segments.find((s) => DUE_HEAD.test(foldKeep(s.text).trim()));
    if (!head) continue;
    let lastY = line.y;
    for (let k = i + 1; k < Math.min(lines.length, i + 5); k++) {
      const l = lines[k];
      if (l.page !== line.page || l.y - lastY > Math.max(l.height, 8) * 4) break;
      lastY = l.y;
      const under = l.segments.find((s) => s.x < head.x2 + 40 && s.x2 > head.x - 20);
      const iso = under ? parseDate(under.text.trim(), dayFirst) : null;
      if (iso) return { value: iso, confidence: 0.9, note: null };
    }
  }
  return null;
}

// ---- payment terms in days ----------------------------------------------------------------------------------------

const PAY_CONTEXT =
  /\b(zahlbar|zahlung\w*|zahlungsziel|zahlungsfrist|fallig|netto|payable|payment|pay|due|terms|net|payer|paiement|reglement|regler|a regler|echeance|pago|pagadero|pagar|vencimiento|plazo|betaling|betalen|betaaltermijn|voldoen|pagamento|pagabile|pagare|scadenza|pagavel|vencimento|prazo)\b/;
const DAYS = /(\d{1,3})\s*(?:kalender|werk)?(?:tage|tagen|tag|days?|jours?|j\b|dias|dagen|giorni|gg\b)/g;
const NET_N = /\bnet\s?(\d{2,3})\b(?![.,]\d)(?!\s*(?:%|€|\$|[a-z]{3}\b))/;
/** A discount's term ("2 % Skonto innerhalb 10 Tagen", "3 % d'escompte à 8 jours") is not the due date. */
const DISCOUNT = /%|\b(skonto|discount|escompte|sconto|descuento|desconto|korting|rabatt|pronto pago)\b/;
/** Not a payment term: returns, warranty, delivery, validity. */
const NOT_TERMS = /\b(widerruf\w*|ruckgabe|return\w*|garantie|gewahrleistung|warranty|lieferung|lieferzeit|delivery|livraison|entrega|consegna|levering|gultig|valid\w*|angebot|offer|retour\w*|reclam\w*|beanstand\w*|einspruch|mahnung)\b/;
const END_OF_MONTH = /\b(fin de mois|fdm|end of (the )?month|eom|monatsende|ende des monats|fine mese|fm|fin de mes|fim do mes|einde van de maand)\b/;
const IMMEDIATE =
  /\b(zahlbar sofort|sofort zahlbar|sofort fallig|sofort ohne abzug|sofort nach (?:erhalt|rechnungserhalt)|due (?:up)?on receipt|payable (?:immediately|(?:up)?on receipt)|due immediately|a reception(?: de (?:la )?facture)?|des reception|payable comptant|paiement comptant|al contado|pago inmediato|a la vista|direct opeisbaar|per omgaande|a vista|pagamento (?:immediato|imediato|a vista)|pronta cassa|rimessa diretta)\b/;

export interface PaymentTerms {
  days: number;
  endOfMonth: boolean;
  /** The terms as printed (folded), for the note. */
  text: string;
}

/** The payment terms in days ("30 Tage netto", "payable within 14 days", "Net 30"); 0 for "due on receipt". */
export function paymentTermsDays(lines: Line[]): PaymentTerms | null {
  let best: PaymentTerms | null = null;
  for (const line of lines) {
    const f = foldKeep(line.text).replace(/\s+/g, " ").trim();
    if (!PAY_CONTEXT.test(f) && !IMMEDIATE.test(f)) continue;
    // clauses: a comma, a semicolon or a sentence end (not the dot of a date, nor the comma of "2,0 %") ends one
    for (const clause of f.split(/,\s|;|\.\s|\.$/)) {
      if (!PAY_CONTEXT.test(clause) || DISCOUNT.test(clause) || NOT_TERMS.test(clause)) {
        if (IMMEDIATE.test(clause) && !DISCOUNT.test(clause) && !best) best = { days: 0, endOfMonth: false, text: clause.trim() };
        continue;
      }
      const counts = [...clause.matchAll(DAYS)].map((m) => Number(m[1]));
      const net = NET_N.exec(clause);
      if (net) counts.push(Number(net[1]));
      for (const days of counts) {
        if (days < 1 || days > 180) continue;
        if (!best || days > best.days) best = { days, endOfMonth: END_OF_MONTH.test(clause), text: clause.trim() };
      }
      if (IMMEDIATE.test(clause) && !best) best = { days: 0, endOfMonth: false, text: clause.trim() };
    }
  }
  return best;
}

/** The issue date plus the terms' days (to the end of that month for "fin de mois"), as an ISO date. */
export function dueFromTerms(issueIso: string, terms: PaymentTerms): string {
  const d = new Date(`${issueIso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + terms.days);
  if (terms.endOfMonth) d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.toISOString().slice(0, 10);
}

/** What the reviewer reads beside a due date counted from the terms. */
export function termsNote(terms: PaymentTerms): string {
  if (terms.days === 0) return "from the payment terms (due on receipt: the invoice date)";
  return `from the payment terms (${terms.days} days after the invoice date${terms.endOfMonth ? ", then to the end of the month" : ""})`;
}
