/**
 * Other templates (bench/documents.ts, `--templates`): document kinds and phrasings that the evaluation set
 * (documents-corpus.ts) does not have, in English, Spanish, German and French, as PDFs with a text layer, and questions
 * asked the way people ask them ("how long is the notice period?", "Wie hoch ist die Selbstbeteiligung?"), with the
 * file, page and value that answer them — values written as documents write them (local date formats and separators,
 * durations in words: "thirty (30) days", "drei Monate") — and questions the documents do not answer, some of them
 * near misses (a notice period asked where only a payment period is stated).
 *
 * Split BY TEMPLATE FAMILY, decided before any measurement (2026-12-07): the answerer's rules may be tuned on the
 * "tuned" families only; the "held-out" families are other kinds of document with other labels and other questions,
 * looked at only as aggregate figures. Seeded: every run makes the same set.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mulberry32 } from "@/lib/random";
import { foldText } from "@/lib/documents/text";
import { wrap, writePdf } from "./documents-corpus";
import type { Answer } from "./documents-score";

export type Lang = "en" | "es" | "de" | "fr";
export type Part = "tuned" | "heldout";
export type Family = "services" | "employment" | "bill" | "order" | "nda" | "terms" | "certificate" | "credit";

/** The split, by template family: written down before the first measurement and not changed after it. */
export const FAMILIES: Record<Family, Part> = {
  services: "tuned", // service agreements: parties, effective date, term, notice, fees, liability cap, governing law
  employment: "tuned", // employment contracts: employer, start date, salary, probation, notice, holidays
  bill: "tuned", // utility / telecom bills: account number, billing period, amount due, due date
  order: "tuned", // purchase orders: supplier, order and delivery date, total, payment terms
  nda: "heldout", // non-disclosure agreements: receiving party, effective date, end, confidentiality period, law, court
  terms: "heldout", // supplier terms and conditions: payment terms, late interest, warranty, jurisdiction
  certificate: "heldout", // insurance certificates: policy number, insured, period, sum insured, deductible
  credit: "heldout", // credit notes: number, invoice credited, amount, date, reason
};

export interface TemplateTruth {
  id: string;
  question: string;
  /** null: not answerable from the documents */
  file: string | null;
  page: number | null;
  /** normalised: ISO date, amount as 1234.56, or the text as written */
  value: string | null;
  /** as the document writes it ("thirty (30) days", "01.03.2025", "12.500,00 EUR") */
  written: string | null;
  kind: "date" | "amount" | "id" | "name" | "text";
  lang: Lang;
  family: Family;
  part: Part;
  /** unanswerable questions: a near miss (the document states a neighbouring field) or about nothing in it */
  nearMiss?: boolean;
}

type D = { y: number; m: number; d: number };
const pad = (n: number) => String(n).padStart(2, "0");
const iso = (x: D) => `${x.y}-${pad(x.m)}-${pad(x.d)}`;
const MONTHS: Record<Lang, string[]> = {
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
  es: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
  de: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
  fr: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
};
/** A date as a document in this language writes it; `v` picks one of two usual forms. */
function dateText(x: D, lang: Lang, v: number): string {
  const mo = MONTHS[lang][x.m - 1];
  if (lang === "en") return v % 2 ? `${x.d} ${mo} ${x.y}` : `${mo} ${x.d}, ${x.y}`;
  if (lang === "es") return v % 2 ? `${pad(x.d)}/${pad(x.m)}/${x.y}` : `${x.d} de ${mo} de ${x.y}`;
  if (lang === "de") return v % 2 ? `${x.d}. ${mo} ${x.y}` : `${pad(x.d)}.${pad(x.m)}.${x.y}`;
  return v % 2 ? `${pad(x.d)}/${pad(x.m)}/${x.y}` : `${x.d === 1 ? "1er" : x.d} ${mo} ${x.y}`;
}
/** An amount with its currency as a document in this language writes it. */
function money(n: number, lang: Lang, v: number): string {
  if (lang === "en") {
    const s = n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return v % 2 ? `£${s}` : `EUR ${s}`;
  }
  const s = n.toLocaleString("de-DE", { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: "always" } as Intl.NumberFormatOptions);
  if (lang === "fr") return `${s.replace(/\./g, " ")} ${v % 2 ? "EUR" : "€"}`;
  return `${s} ${v % 2 ? "€" : "EUR"}`;
}

const NUM: Record<number, Record<Lang, string>> = {
  1: { en: "one", es: "un", de: "einen", fr: "un" },
  2: { en: "two", es: "dos", de: "zwei", fr: "deux" },
  3: { en: "three", es: "tres", de: "drei", fr: "trois" },
  5: { en: "five", es: "cinco", de: "fünf", fr: "cinq" },
  6: { en: "six", es: "seis", de: "sechs", fr: "six" },
  12: { en: "twelve", es: "doce", de: "zwölf", fr: "douze" },
  14: { en: "fourteen", es: "catorce", de: "vierzehn", fr: "quatorze" },
  24: { en: "twenty-four", es: "veinticuatro", de: "vierundzwanzig", fr: "vingt-quatre" },
  30: { en: "thirty", es: "treinta", de: "dreißig", fr: "trente" },
  45: { en: "forty-five", es: "cuarenta y cinco", de: "fünfundvierzig", fr: "quarante-cinq" },
  60: { en: "sixty", es: "sesenta", de: "sechzig", fr: "soixante" },
  90: { en: "ninety", es: "noventa", de: "neunzig", fr: "quatre-vingt-dix" },
};
type Unit = "day" | "week" | "month" | "year";
const UNITS: Record<Unit, Record<Lang, [string, string]>> = {
  day: { en: ["day", "days"], es: ["día", "días"], de: ["Tag", "Tage"], fr: ["jour", "jours"] },
  week: { en: ["week", "weeks"], es: ["semana", "semanas"], de: ["Woche", "Wochen"], fr: ["semaine", "semaines"] },
  month: { en: ["month", "months"], es: ["mes", "meses"], de: ["Monat", "Monate"], fr: ["mois", "mois"] },
  year: { en: ["year", "years"], es: ["año", "años"], de: ["Jahr", "Jahre"], fr: ["an", "ans"] },
};
/** A duration as contracts write it: "thirty (30) days", "drei Monate", "6 mois". */
function duration(n: number, unit: Unit, lang: Lang, style: number): string {
  const u = UNITS[unit][lang][n === 1 ? 0 : 1];
  const w = NUM[n]?.[lang] ?? String(n);
  const s = style % 3;
  if (s === 0) return `${w} (${n}) ${u}`;
  if (s === 1 && NUM[n]) return `${w} ${u}`;
  return `${n} ${u}`;
}

const COMPANIES: Record<Lang, string[]> = {
  en: ["Brightline Analytics Ltd", "Kestrel Data Services Ltd", "Harrowgate Facilities Ltd", "Pemberton Software LLC", "Westmoor Logistics Ltd", "Ashcombe Engineering plc", "Larkspur Media Inc", "Thornbury Catering Ltd", "Copperfield Security Ltd", "Millbrook Components Ltd", "Redwater Consulting LLC", "Fairhaven Print Ltd", "Stonebridge Cleaning Ltd", "Alder & Finch Ltd", "Northgate Energy plc", "Wexford Telecom Ltd", "Ironside Tools Ltd", "Bellamy Foods Ltd", "Calloway Systems Inc", "Dunmore Textiles Ltd"],
  es: ["Soluciones Cantábricas SL", "Servicios Informáticos Levante SA", "Mantenimientos Duero SL", "Consultoría Albaicín SL", "Transportes Guadiana SA", "Ingeniería Montseny SL", "Gráficas Triana SL", "Limpiezas Mediterráneo SA", "Seguridad Alhambra SL", "Componentes Ebro SA", "Energía Tajo SA", "Telecomunicaciones Miño SL", "Herramientas Navarra SL", "Alimentación Segura SA", "Sistemas Galicia SL", "Textiles Bierzo SA", "Mobiliario Turia SL", "Asesores Tormes SL", "Química Jalón SA", "Papelera Sella SL"],
  de: ["Brenner Informatik GmbH", "Hofmann Gebäudedienste GmbH", "Lindner Beratung AG", "Kraus Softwarehaus GmbH", "Vogt Spedition GmbH", "Seidel Maschinenbau AG", "Busch Medien GmbH", "Engel Catering GmbH", "Wolff Sicherheit GmbH", "Pohl Bauteile GmbH", "Stadtwerke Talheim GmbH", "Fernmeldedienst Nord GmbH", "Jäger Werkzeuge GmbH", "Roth Lebensmittel AG", "Haas Systeme GmbH", "Kuhn Textil GmbH", "Frank Möbelbau GmbH", "Lange Chemie AG", "Sommer Papier GmbH", "Ernst Elektrotechnik GmbH"],
  fr: ["Lumière Conseil SAS", "Services Numériques Loire SARL", "Maintenance Rhône SAS", "Informatique Garonne SA", "Transports Vosges SARL", "Mécanique Jura SAS", "Éditions Seine SARL", "Restauration Provence SAS", "Sécurité Bretagne SARL", "Composants Alsace SA", "Énergie Dordogne SA", "Télécom Normandie SAS", "Outillage Savoie SARL", "Alimentation Picardie SA", "Systèmes Aquitaine SAS", "Textiles Lorraine SARL", "Meubles Anjou SAS", "Chimie Ardèche SA", "Papeterie Auvergne SARL", "Électricité Berry SAS"],
};
const PERSONS: Record<Lang, string[]> = {
  en: ["Olivia Hartley", "James Whitcombe", "Sophie Caldwell", "Daniel Ashworth"],
  es: ["Lucía Fernández Ortega", "Javier Morales Ruiz", "Carmen Iglesias Soto", "Pablo Herrero Gil"],
  de: ["Anna Schäfer", "Markus Brandt", "Julia Neumann", "Tobias Krüger"],
  fr: ["Camille Moreau", "Julien Lefèvre", "Claire Bertrand", "Antoine Girard"],
};
const LAW: Record<Lang, [string, string][]> = {
  en: [["the laws of England and Wales", "England and Wales"], ["the laws of the State of New York", "New York"]],
  es: [["la legislación española", "española"], ["las leyes del Reino de España", "España"]],
  de: [["dem Recht der Bundesrepublik Deutschland", "Bundesrepublik Deutschland"], ["deutschem Recht", "deutschem Recht"]],
  fr: [["le droit français", "droit français"], ["la loi française", "loi française"]],
};
const COURTS: Record<Lang, string[]> = { en: ["London", "Manchester"], es: ["Madrid", "Valencia"], de: ["München", "Hamburg"], fr: ["Paris", "Lyon"] };

const FILLER: Record<Lang, string[]> = {
  en: [
    "Each party shall perform its obligations under this document with reasonable skill, care and diligence.",
    "Nothing in this document shall be construed as creating a partnership, joint venture or agency between the parties.",
    "Any amendment shall be valid only if made in writing and signed by authorised representatives of both parties.",
    "If any provision is held invalid, the remaining provisions shall continue in full force and effect.",
    "Neither party may assign its rights without the prior written consent of the other party, not to be unreasonably withheld.",
    "Each party shall comply with all applicable laws, including those on data protection and anti-bribery.",
    "Headings are for convenience only and shall not affect the interpretation of this document.",
    "Communications shall be sent to the addresses stated above or to such other address as a party may designate.",
  ],
  es: [
    "Cada parte cumplirá sus obligaciones conforme al presente documento con la diligencia de un ordenado empresario.",
    "Nada de lo dispuesto en este documento constituye una sociedad, empresa conjunta o relación de agencia entre las partes.",
    "Cualquier modificación solo será válida si consta por escrito y está firmada por representantes autorizados de ambas partes.",
    "Si alguna estipulación fuera declarada nula, las restantes conservarán plena validez y eficacia.",
    "Ninguna de las partes podrá ceder sus derechos sin el consentimiento previo y por escrito de la otra parte.",
    "Las partes cumplirán la normativa aplicable, en particular la relativa a la protección de datos personales.",
    "Los títulos de las cláusulas tienen carácter meramente orientativo y no afectan a su interpretación.",
    "Las comunicaciones se dirigirán a los domicilios indicados en el encabezamiento o a los que las partes designen.",
  ],
  de: [
    "Jede Partei erfüllt ihre Pflichten aus diesem Dokument mit der Sorgfalt eines ordentlichen Kaufmanns.",
    "Durch dieses Dokument wird keine Gesellschaft, kein Gemeinschaftsunternehmen und kein Vertretungsverhältnis begründet.",
    "Änderungen und Ergänzungen bedürfen der Schriftform und der Unterschrift beider Parteien.",
    "Sollte eine Bestimmung unwirksam sein, bleibt die Wirksamkeit der übrigen Bestimmungen unberührt.",
    "Keine Partei darf ihre Rechte ohne vorherige schriftliche Zustimmung der anderen Partei abtreten.",
    "Die Parteien beachten die geltenden Gesetze, insbesondere die Vorschriften zum Datenschutz.",
    "Überschriften dienen nur der Übersicht und haben keinen Einfluss auf die Auslegung.",
    "Mitteilungen sind an die oben genannten Anschriften oder an eine von einer Partei benannte Anschrift zu richten.",
  ],
  fr: [
    "Chaque partie exécute ses obligations au titre du présent document avec diligence et professionnalisme.",
    "Aucune disposition du présent document ne crée de société, de coentreprise ou de mandat entre les parties.",
    "Toute modification n'est valable que si elle est faite par écrit et signée par les représentants des deux parties.",
    "Si une stipulation est déclarée nulle, les autres stipulations conservent toute leur force et leur portée.",
    "Aucune partie ne peut céder ses droits sans l'accord préalable et écrit de l'autre partie.",
    "Les parties respectent la réglementation applicable, notamment en matière de protection des données.",
    "Les titres des articles sont donnés pour la commodité de lecture et n'affectent pas leur interprétation.",
    "Les notifications sont adressées aux adresses indiquées ci-dessus ou à toute autre adresse désignée par une partie.",
  ],
};

interface Doc {
  file: string;
  pages: string[][];
}

export interface TemplateSet {
  files: string[];
  pages: number;
  truth: TemplateTruth[];
}

/**
 * Both parts of the set, each in its own folder (`<dir>/tuned/docs`, `<dir>/heldout/docs`, with questions.csv beside
 * each): eight families × four languages × two documents.
 */
export async function makeTemplateSet(dir: string, seed = 7): Promise<Record<Part, TemplateSet>> {
  const r = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const dateIn = (y0: number, y1 = y0): D => ({ y: int(y0, y1), m: int(1, 12), d: int(1, 28) });
  const addMonths = (x: D, n: number): D => {
    const m0 = x.m - 1 + n;
    return { y: x.y + Math.floor(m0 / 12), m: (m0 % 12) + 1, d: x.d };
  };
  const lastDay = (x: D): D => ({ ...x, d: new Date(Date.UTC(x.y, x.m, 0)).getUTCDate() });
  const docs: Record<Part, Doc[]> = { tuned: [], heldout: [] };
  const truth: TemplateTruth[] = [];
  const used: Record<Lang, number> = { en: 0, es: 0, de: 0, fr: 0 };
  const company = (lang: Lang) => COMPANIES[lang][used[lang]++ % COMPANIES[lang].length];

  /** A document of `n` pages: `first` opens page 1, filler fills every page, `placed` puts clauses on given pages. */
  const prose = (lang: Lang, n: number, first: string[], placed: Map<number, string[]>, last: string[] = []): string[][] => {
    const pages: string[][] = [];
    for (let p = 1; p <= n; p++) {
      const lines: string[] = p === 1 ? [...first, ""] : [];
      const clauses: string[] = [];
      const fillers = 2 + int(0, 2);
      for (let k = 0; k < fillers; k++) clauses.push(pick(FILLER[lang]));
      for (const c of placed.get(p) ?? []) clauses.splice(int(0, clauses.length), 0, c);
      for (const c of clauses) lines.push(...wrap(c), "");
      if (p === n) lines.push(...last);
      pages.push(lines);
    }
    return pages;
  };

  for (const family of Object.keys(FAMILIES) as Family[]) {
    const part = FAMILIES[family];
    for (const lang of ["en", "es", "de", "fr"] as Lang[]) {
      for (let v = 0; v < 2; v++) {
        const file = `${family}-${lang}-${v + 1}.pdf`;
        const q = (t: Omit<TemplateTruth, "id" | "lang" | "family" | "part" | "file" | "value" | "written" | "page"> & { page: number | null; value: string | null; written?: string | null }) =>
          truth.push({ id: `t${truth.length + 1}`, lang, family, part, file: t.page === null ? null : file, ...t, written: t.written ?? t.value });
        const none = (question: string, kind: TemplateTruth["kind"], nearMiss: boolean) => q({ question, kind, page: null, value: null, nearMiss });
        const pages = build(family, lang, v, q, none);
        docs[part].push({ file, pages });
      }
    }
  }

  function build(
    family: Family,
    lang: Lang,
    v: number,
    q: (t: { question: string; kind: TemplateTruth["kind"]; page: number | null; value: string | null; written?: string | null }) => void,
    none: (question: string, kind: TemplateTruth["kind"], nearMiss: boolean) => void,
  ): string[][] {
    const placed = new Map<number, string[]>();
    const put = (p: number, s: string) => placed.set(p, [...(placed.get(p) ?? []), s]);
    if (family === "services") {
      const provider = company(lang);
      const client = company(lang);
      const start = dateIn(2025, 2026);
      const termMonths = pick([12, 24, 36]);
      const term = termMonths === 36 ? duration(3, "year", lang, v) : duration(termMonths, "month", lang, v);
      const notice = pick([30, 60, 90]);
      const noticeText = duration(notice, "day", lang, v + 1);
      const fee = int(20, 180) * 100;
      const cap = int(5, 50) * 10000;
      const [lawText, law] = LAW[lang][v];
      const n = int(4, 6);
      const pTerm = int(2, n);
      const pFee = int(2, n);
      const pNotice = int(2, n);
      const pCap = int(2, n);
      const pLaw = n;
      const fees = money(fee, lang, v);
      const caps = money(cap, lang, v);
      const L = {
        en: {
          first: ["MASTER SERVICES AGREEMENT", `This Agreement is made between ${provider} (the "Service Provider") and ${client} (the "Client").`, `Effective Date: ${dateText(start, lang, v)}`],
          term: `Term. This Agreement commences on the Effective Date and shall continue for an initial term of ${term}, renewing automatically for successive periods of the same length.`,
          fee: `Fees. The Client shall pay the Service Provider a monthly fee of ${fees}, invoiced monthly in arrears and payable within fourteen (14) days of the invoice date.`,
          notice: `Termination. Either party may terminate this Agreement for convenience by giving not less than ${noticeText} prior written notice to the other party.`,
          cap: `Limitation of liability. Each party's total aggregate liability arising out of or in connection with this Agreement shall not exceed ${caps}.`,
          law: `Governing law. This Agreement shall be governed by and construed in accordance with ${lawText}.`,
        },
        es: {
          first: ["CONTRATO DE PRESTACIÓN DE SERVICIOS", `De una parte, ${provider} (en adelante, el "Prestador"), y de otra, ${client} (en adelante, el "Cliente").`, `Fecha de entrada en vigor: ${dateText(start, lang, v)}`],
          term: `Duración. El presente contrato entrará en vigor en la fecha indicada y tendrá una duración inicial de ${term}, prorrogándose tácitamente por periodos iguales.`,
          fee: `Precio. El Cliente abonará al Prestador una cuota mensual de ${fees}, que se facturará a mes vencido y se pagará en un plazo de catorce (14) días desde la fecha de la factura.`,
          notice: `Resolución. Cualquiera de las partes podrá resolver el contrato mediante preaviso por escrito con una antelación mínima de ${noticeText}.`,
          cap: `Limitación de responsabilidad. La responsabilidad total de cada parte derivada del presente contrato no excederá de ${caps}.`,
          law: `Ley aplicable. El presente contrato se regirá e interpretará conforme a ${lawText}.`,
        },
        de: {
          first: ["DIENSTLEISTUNGSVERTRAG", `zwischen ${provider} (nachfolgend "Auftragnehmer") und ${client} (nachfolgend "Auftraggeber")`, `Vertragsbeginn: ${dateText(start, lang, v)}`],
          term: `Laufzeit. Der Vertrag beginnt am oben genannten Tag und hat eine Mindestlaufzeit von ${term}; er verlängert sich jeweils um denselben Zeitraum.`,
          fee: `Vergütung. Der Auftraggeber zahlt dem Auftragnehmer eine monatliche Vergütung von ${fees}, zahlbar innerhalb von vierzehn (14) Tagen nach Rechnungsdatum.`,
          notice: `Kündigung. Jede Partei kann diesen Vertrag mit einer Frist von ${noticeText} schriftlich kündigen.`,
          cap: `Haftungsbegrenzung. Die Gesamthaftung jeder Partei aus oder im Zusammenhang mit diesem Vertrag ist auf ${caps} begrenzt.`,
          law: `Anwendbares Recht. Dieser Vertrag unterliegt ${lawText}.`,
        },
        fr: {
          first: ["CONTRAT DE PRESTATION DE SERVICES", `Entre ${provider} (ci-après le « Prestataire ») et ${client} (ci-après le « Client »).`, `Date d'entrée en vigueur : ${dateText(start, lang, v)}`],
          term: `Durée. Le présent contrat prend effet à la date d'entrée en vigueur pour une durée initiale de ${term}, renouvelable par tacite reconduction.`,
          fee: `Prix. Le Client verse au Prestataire une redevance mensuelle de ${fees}, facturée à terme échu et payable à quatorze (14) jours date de facture.`,
          notice: `Résiliation. Chaque partie peut résilier le présent contrat moyennant un préavis écrit de ${noticeText}.`,
          cap: `Limitation de responsabilité. La responsabilité totale de chaque partie au titre du présent contrat est plafonnée à ${caps}.`,
          law: `Droit applicable. Le présent contrat est régi par ${lawText}.`,
        },
      }[lang];
      put(pTerm, L.term);
      put(pFee, L.fee);
      put(pNotice, L.notice);
      put(pCap, L.cap);
      put(pLaw, L.law);
      const Q = {
        en: [`Who is the service provider under the agreement with ${client}?`, `When does the services agreement with ${client} take effect?`, `How long is the initial term of the ${client} services agreement?`, `How much notice is needed to terminate the services agreement with ${client}?`, `What is the monthly fee under the agreement with ${client}?`, `What is the liability cap in the ${client} services agreement?`, `Which law governs the services agreement with ${client}?`, `What is the late payment interest under the agreement with ${client}?`, `What is the probation period in the services agreement with ${client}?`],
        es: [`¿Quién es el prestador del contrato de servicios con ${client}?`, `¿Desde cuándo está en vigor el contrato de servicios con ${client}?`, `¿Cuál es la duración del contrato de servicios con ${client}?`, `¿Cuál es el plazo de preaviso del contrato con ${client}?`, `¿Cuánto es la cuota mensual del contrato con ${client}?`, `¿Cuál es el límite de responsabilidad del contrato con ${client}?`, `¿Qué ley rige el contrato de servicios con ${client}?`, `¿Cuál es el interés de demora del contrato con ${client}?`, `¿Cuál es el periodo de prueba del contrato de servicios con ${client}?`],
        de: [`Wer ist der Auftragnehmer im Dienstleistungsvertrag mit ${client}?`, `Wann beginnt der Dienstleistungsvertrag mit ${client}?`, `Wie lange läuft der Dienstleistungsvertrag mit ${client}?`, `Welche Kündigungsfrist gilt für den Vertrag mit ${client}?`, `Wie hoch ist die monatliche Vergütung im Vertrag mit ${client}?`, `Wie hoch ist die Haftungsbegrenzung im Vertrag mit ${client}?`, `Welches Recht gilt für den Dienstleistungsvertrag mit ${client}?`, `Wie hoch sind die Verzugszinsen im Vertrag mit ${client}?`, `Wie lange ist die Probezeit im Dienstleistungsvertrag mit ${client}?`],
        fr: [`Qui est le prestataire du contrat de services avec ${client} ?`, `Quand le contrat de services avec ${client} entre-t-il en vigueur ?`, `Quelle est la durée du contrat avec ${client} ?`, `Quel est le préavis de résiliation du contrat avec ${client} ?`, `Quel est le montant de la redevance mensuelle du contrat avec ${client} ?`, `Quel est le plafond de responsabilité du contrat avec ${client} ?`, `Quel droit s'applique au contrat de services avec ${client} ?`, `Quel est le taux des pénalités de retard du contrat avec ${client} ?`, `Quelle est la période d'essai du contrat de services avec ${client} ?`],
      }[lang];
      q({ question: Q[0], kind: "name", page: 1, value: provider });
      q({ question: Q[1], kind: "date", page: 1, value: iso(start), written: dateText(start, lang, v) });
      q({ question: Q[2], kind: "text", page: pTerm, value: term });
      q({ question: Q[3], kind: "text", page: pNotice, value: noticeText });
      q({ question: Q[4], kind: "amount", page: pFee, value: fee.toFixed(2), written: fees });
      q({ question: Q[5], kind: "amount", page: pCap, value: cap.toFixed(2), written: caps });
      q({ question: Q[6], kind: "text", page: pLaw, value: law });
      none(Q[7], "amount", false);
      none(Q[8], "text", true);
      return prose(lang, n, L.first, placed);
    }
    if (family === "employment") {
      const employer = company(lang);
      const employee = PERSONS[lang][v];
      const start = dateIn(2025, 2026);
      const salary = int(32, 95) * 1000;
      const probation = pick([3, 6]);
      const probText = duration(probation, "month", lang, v + 1);
      const notice = pick([1, 2, 3]);
      const noticeText = duration(notice, "month", lang, v);
      const holidays = pick([25, 28, 30]);
      const hours = pick([37.5, 40]);
      const sal = money(salary, lang, v);
      const n = 3;
      const pSal = int(1, 2);
      const pProb = int(2, 3);
      const pNotice = 3;
      const pHol = int(2, 3);
      const hoursText = lang === "en" ? String(hours) : String(hours).replace(".", ",");
      const L = {
        en: {
          first: ["CONTRACT OF EMPLOYMENT", `Employer: ${employer}`, `Employee: ${employee}`, `Position: Senior Accountant`, `Start date: ${dateText(start, lang, v)}`],
          sal: `Remuneration. The Employee shall receive a gross annual salary of ${sal}, payable in twelve equal monthly instalments.`,
          prob: `Probation. The first ${probText} of employment shall be a probationary period.`,
          notice: `Notice. After the probationary period, either party may terminate the employment by giving written notice of ${noticeText}.`,
          hol: `Holidays. The Employee is entitled to ${holidays} working days of paid annual leave per calendar year. Normal working hours are ${hoursText} hours per week.`,
        },
        es: {
          first: ["CONTRATO DE TRABAJO", `Empresa: ${employer}`, `Trabajador: ${employee}`, `Puesto: Contable sénior`, `Fecha de incorporación: ${dateText(start, lang, v)}`],
          sal: `Retribución. El trabajador percibirá un salario bruto anual de ${sal}, distribuido en doce pagas mensuales.`,
          prob: `Periodo de prueba. Se establece un periodo de prueba de ${probText}.`,
          notice: `Extinción. Superado el periodo de prueba, cualquiera de las partes podrá extinguir el contrato con un preaviso de ${noticeText}.`,
          hol: `Vacaciones. El trabajador disfrutará de ${holidays} días laborables de vacaciones retribuidas por año natural. La jornada será de ${hoursText} horas semanales.`,
        },
        de: {
          first: ["ARBEITSVERTRAG", `Arbeitgeber: ${employer}`, `Arbeitnehmerin / Arbeitnehmer: ${employee}`, `Tätigkeit: Bilanzbuchhaltung`, `Eintrittsdatum: ${dateText(start, lang, v)}`],
          sal: `Vergütung. Das Bruttojahresgehalt beträgt ${sal} und wird in zwölf gleichen Monatsraten gezahlt.`,
          prob: `Probezeit. Die ersten ${probText} des Arbeitsverhältnisses gelten als Probezeit.`,
          notice: `Kündigung. Nach Ablauf der Probezeit kann das Arbeitsverhältnis von beiden Seiten mit einer Frist von ${noticeText} zum Monatsende gekündigt werden.`,
          hol: `Urlaub. Der Urlaubsanspruch beträgt ${holidays} Arbeitstage pro Kalenderjahr. Die regelmäßige Arbeitszeit beträgt ${hoursText} Stunden pro Woche.`,
        },
        fr: {
          first: ["CONTRAT DE TRAVAIL À DURÉE INDÉTERMINÉE", `Employeur : ${employer}`, `Salarié(e) : ${employee}`, `Emploi : Comptable confirmé(e)`, `Date d'embauche : ${dateText(start, lang, v)}`],
          sal: `Rémunération. Le salarié percevra une rémunération annuelle brute de ${sal}, versée en douze mensualités.`,
          prob: `Période d'essai. Le présent contrat comporte une période d'essai de ${probText}.`,
          notice: `Rupture. À l'issue de la période d'essai, chaque partie peut mettre fin au contrat en respectant un préavis de ${noticeText}.`,
          hol: `Congés. Le salarié bénéficie de ${holidays} jours ouvrés de congés payés par an. La durée du travail est de ${hoursText} heures par semaine.`,
        },
      }[lang];
      put(pSal, L.sal);
      put(pProb, L.prob);
      put(pNotice, L.notice);
      put(pHol, L.hol);
      const Q = {
        en: [`What is ${employee}'s annual salary?`, `When does ${employee} start work?`, `How long is the probation period in ${employee}'s contract?`, `What notice period applies to ${employee}'s employment?`, `How many days of annual leave does ${employee} get?`, `Who is ${employee}'s employer?`, `What is the company car allowance in ${employee}'s contract?`, `When does ${employee}'s employment contract end?`],
        es: [`¿Cuál es el salario bruto anual de ${employee}?`, `¿Cuándo se incorpora ${employee}?`, `¿Cuánto dura el periodo de prueba de ${employee}?`, `¿Cuál es el plazo de preaviso del contrato de ${employee}?`, `¿Cuántos días de vacaciones tiene ${employee}?`, `¿Quién es la empresa de ${employee}?`, `¿Cuál es el plus de transporte de ${employee}?`, `¿Cuándo termina el contrato de trabajo de ${employee}?`],
        de: [`Wie hoch ist das Jahresgehalt von ${employee}?`, `Wann fängt ${employee} an?`, `Wie lange dauert die Probezeit von ${employee}?`, `Welche Kündigungsfrist hat ${employee}?`, `Wie viele Urlaubstage hat ${employee}?`, `Wer ist der Arbeitgeber von ${employee}?`, `Wie hoch ist der Dienstwagenzuschuss von ${employee}?`, `Wann endet der Arbeitsvertrag von ${employee}?`],
        fr: [`Quel est le salaire annuel de ${employee} ?`, `Quand ${employee} commence-t-il à travailler ?`, `Quelle est la durée de la période d'essai de ${employee} ?`, `Quel est le préavis de ${employee} ?`, `Combien de jours de congés payés a ${employee} ?`, `Qui est l'employeur de ${employee} ?`, `Quel est le montant de la prime de transport de ${employee} ?`, `Quand se termine le contrat de travail de ${employee} ?`],
      }[lang];
      q({ question: Q[0], kind: "amount", page: pSal, value: salary.toFixed(2), written: sal });
      q({ question: Q[1], kind: "date", page: 1, value: iso(start), written: dateText(start, lang, v) });
      q({ question: Q[2], kind: "text", page: pProb, value: probText });
      q({ question: Q[3], kind: "text", page: pNotice, value: noticeText });
      q({ question: Q[4], kind: "text", page: pHol, value: String(holidays) });
      q({ question: Q[5], kind: "name", page: 1, value: employer });
      none(Q[6], "amount", false);
      none(Q[7], "date", true);
      return prose(lang, n, L.first, placed);
    }
    if (family === "bill") {
      const provider = company(lang);
      const customer = PERSONS[lang][2 + v];
      const account = `${int(10, 99)}${int(100000, 999999)}`;
      const billNo = `${lang === "de" ? "RE" : lang === "fr" ? "FAC" : lang === "es" ? "FE" : "BL"}${int(1000000, 9999999)}`;
      const from = dateIn(2025, 2026);
      const fromFirst = { ...from, d: 1 };
      const to = lastDay(fromFirst);
      const issued = { ...addMonths(fromFirst, 1), d: int(2, 6) };
      const due = { ...issued, d: issued.d + 14 };
      const net = int(4000, 30000) / 100;
      const total = Math.round(net * (lang === "en" ? 1.2 : lang === "de" ? 1.19 : lang === "fr" ? 1.2 : 1.21) * 100) / 100;
      const totalText = money(total, lang, v);
      const netText = money(net, lang, v);
      const period = `${dateText(fromFirst, lang, 1)} – ${dateText(to, lang, 1)}`;
      const L = {
        en: [["YOUR ELECTRICITY BILL", provider, "", `Bill number: ${billNo}`, `Account number: ${account}`, `Account holder: ${customer}`, `Bill date: ${dateText(issued, lang, v)}`, `Billing period: ${period}`, "", `Charges for this period (excl. VAT): ${netText}`, `Total amount due: ${totalText}`, `We will collect this amount by Direct Debit on or after ${dateText(due, lang, v)}.`], ["YOUR USAGE IN DETAIL", "", `Standing charge\t${int(28, 31)} days\t0.45/day`, `Unit rate\t${int(150, 900)} kWh\t0.24/kWh`, "", "Tariff: Fixed Saver 12M. Questions about your bill? Call us Monday to Friday, 8am to 6pm."]],
        es: [["FACTURA DE ELECTRICIDAD", provider, "", `Nº de factura: ${billNo}`, `Nº de contrato: ${account}`, `Titular: ${customer}`, `Fecha de emisión: ${dateText(issued, lang, v)}`, `Periodo de facturación: ${period}`, "", `Base imponible: ${netText}`, `Total a pagar: ${totalText}`, `Fecha de cargo en cuenta: ${dateText(due, lang, v)}`], ["DETALLE DE SU CONSUMO", "", `Término de potencia\t${int(28, 31)} días\t0,12/día`, `Término de energía\t${int(150, 900)} kWh\t0,19/kWh`, "", "Tarifa: Precio Fijo 12M. Atención al cliente de lunes a viernes de 8 a 20 h."]],
        de: [["STROMRECHNUNG", provider, "", `Rechnungsnummer: ${billNo}`, `Kundennummer: ${account}`, `Kunde: ${customer}`, `Rechnungsdatum: ${dateText(issued, lang, v)}`, `Abrechnungszeitraum: ${period}`, "", `Nettobetrag: ${netText}`, `Rechnungsbetrag: ${totalText}`, `Der Betrag wird am ${dateText(due, lang, v)} von Ihrem Konto abgebucht.`], ["IHR VERBRAUCH IM DETAIL", "", `Grundpreis\t${int(28, 31)} Tage\t0,45/Tag`, `Arbeitspreis\t${int(150, 900)} kWh\t0,31/kWh`, "", "Tarif: Strom Fix 12. Fragen zur Rechnung? Montag bis Freitag von 8 bis 18 Uhr."]],
        fr: [["FACTURE D'ÉLECTRICITÉ", provider, "", `Facture n° ${billNo}`, `Numéro de compte client : ${account}`, `Titulaire : ${customer}`, `Date de facture : ${dateText(issued, lang, v)}`, `Période de facturation : ${period}`, "", `Montant HT : ${netText}`, `Montant TTC à payer : ${totalText}`, `Date limite de paiement : ${dateText(due, lang, v)}`], ["DÉTAIL DE VOTRE CONSOMMATION", "", `Abonnement\t${int(28, 31)} jours\t0,41/jour`, `Consommation\t${int(150, 900)} kWh\t0,25/kWh`, "", "Offre : Prix Fixe 12 mois. Service client du lundi au vendredi de 8 h à 19 h."]],
      }[lang];
      const Q = {
        en: [`What is the account number on ${customer}'s electricity bill?`, `How much is due on the ${provider} bill ${billNo}?`, `When will the amount of bill ${billNo} be collected?`, `What period does bill ${billNo} cover?`, `What is the meter number on bill ${billNo}?`, `When does the ${provider} contract of ${customer} end?`],
        es: [`¿Cuál es el número de contrato de la factura de ${customer}?`, `¿Cuánto hay que pagar por la factura ${billNo}?`, `¿Cuándo se cargará la factura ${billNo}?`, `¿Qué periodo cubre la factura ${billNo}?`, `¿Cuál es el número de contador de la factura ${billNo}?`, `¿Cuándo termina el contrato de ${customer} con ${provider}?`],
        de: [`Wie lautet die Kundennummer auf der Rechnung ${billNo}?`, `Wie hoch ist der Rechnungsbetrag der Rechnung ${billNo}?`, `Wann wird der Betrag der Rechnung ${billNo} abgebucht?`, `Welchen Zeitraum umfasst die Rechnung ${billNo}?`, `Wie lautet die Zählernummer auf der Rechnung ${billNo}?`, `Wann endet der Stromvertrag der Rechnung ${billNo}?`],
        fr: [`Quel est le numéro de compte client de la facture ${billNo} ?`, `Combien faut-il payer pour la facture ${billNo} ?`, `Quelle est la date limite de paiement de la facture ${billNo} ?`, `Quelle période couvre la facture ${billNo} ?`, `Quel est le numéro de compteur de la facture ${billNo} ?`, `Quand se termine le contrat d'électricité de la facture ${billNo} ?`],
      }[lang];
      q({ question: Q[0], kind: "id", page: 1, value: account });
      q({ question: Q[1], kind: "amount", page: 1, value: total.toFixed(2), written: totalText });
      q({ question: Q[2], kind: "date", page: 1, value: iso(due), written: dateText(due, lang, v) });
      q({ question: Q[3], kind: "text", page: 1, value: dateText(fromFirst, lang, 1) });
      none(Q[4], "id", false);
      none(Q[5], "date", true);
      return L;
    }
    if (family === "order") {
      const buyer = company(lang);
      const supplier = company(lang);
      const po = `${lang === "de" ? "BE" : lang === "fr" ? "BC" : lang === "es" ? "PED" : "PO"}-${int(20000, 89999)}`;
      const ordered = dateIn(2025, 2026);
      const delivery = { ...addMonths(ordered, 1), d: int(1, 28) };
      const qty = int(5, 40);
      const unit = int(20, 400);
      const net = qty * unit;
      const rate = lang === "en" ? 0.2 : lang === "de" ? 0.19 : lang === "fr" ? 0.2 : 0.21;
      const total = Math.round(net * (1 + rate) * 100) / 100;
      const days = pick([30, 45, 60]);
      const payText = duration(days, "day", lang, v + 2);
      const totalText = money(total, lang, v);
      const L = {
        en: [["PURCHASE ORDER", `PO number: ${po}`, `Order date: ${dateText(ordered, lang, v)}`, `Buyer: ${buyer}`, `Supplier: ${supplier}`, `Requested delivery date: ${dateText(delivery, lang, v)}`, "", `Item\tQty\tUnit price\tAmount`, `Office chairs, model ErgoPlus\t${qty}\t${unit.toFixed(2)}\t${net.toLocaleString("en-US", { minimumFractionDigits: 2 })}`, "", `Subtotal: ${money(net, lang, v)}`, `VAT 20%: ${money(total - net, lang, v)}`, `Order total: ${totalText}`, "", `Payment terms: ${payText} net from receipt of invoice.`, "Please quote the PO number on all invoices and delivery notes."]],
        es: [["PEDIDO DE COMPRA", `Nº de pedido: ${po}`, `Fecha del pedido: ${dateText(ordered, lang, v)}`, `Comprador: ${buyer}`, `Proveedor: ${supplier}`, `Fecha de entrega: ${dateText(delivery, lang, v)}`, "", `Artículo\tCant.\tPrecio\tImporte`, `Sillas de oficina ErgoPlus\t${qty}\t${unit},00\t${net.toLocaleString("de-DE", { minimumFractionDigits: 2, useGrouping: "always" } as Intl.NumberFormatOptions)}`, "", `Base imponible: ${money(net, lang, v)}`, `IVA 21%: ${money(total - net, lang, v)}`, `Total del pedido: ${totalText}`, "", `Forma de pago: transferencia a ${payText} desde la recepción de la factura.`, "Indique el número de pedido en todas las facturas y albaranes."]],
        de: [["BESTELLUNG", `Bestellnummer: ${po}`, `Bestelldatum: ${dateText(ordered, lang, v)}`, `Besteller: ${buyer}`, `Lieferant: ${supplier}`, `Liefertermin: ${dateText(delivery, lang, v)}`, "", `Artikel\tMenge\tEinzelpreis\tBetrag`, `Bürostuhl ErgoPlus\t${qty}\t${unit},00\t${net.toLocaleString("de-DE", { minimumFractionDigits: 2 })}`, "", `Nettobetrag: ${money(net, lang, v)}`, `MwSt. 19 %: ${money(total - net, lang, v)}`, `Gesamtbetrag: ${totalText}`, "", `Zahlungsbedingungen: ${payText} netto nach Rechnungseingang.`, "Bitte geben Sie die Bestellnummer auf allen Rechnungen und Lieferscheinen an."]],
        fr: [["BON DE COMMANDE", `Commande n° ${po}`, `Date de commande : ${dateText(ordered, lang, v)}`, `Acheteur : ${buyer}`, `Fournisseur : ${supplier}`, `Date de livraison souhaitée : ${dateText(delivery, lang, v)}`, "", `Article\tQté\tPrix unitaire\tMontant`, `Fauteuils de bureau ErgoPlus\t${qty}\t${unit},00\t${net.toLocaleString("de-DE", { minimumFractionDigits: 2 }).replace(/\./g, " ")}`, "", `Total HT : ${money(net, lang, v)}`, `TVA 20 % : ${money(total - net, lang, v)}`, `Total TTC : ${totalText}`, "", `Conditions de paiement : ${payText} à réception de facture.`, "Merci de rappeler le numéro de commande sur toutes vos factures et bons de livraison."]],
      }[lang];
      const Q = {
        en: [`Who is the supplier on purchase order ${po}?`, `When should the goods of PO ${po} be delivered?`, `What is the total of purchase order ${po}?`, `What are the payment terms of PO ${po}?`, `What is the order number of the purchase from ${supplier}?`, `What is the notice period of purchase order ${po}?`, `What is the warranty period for the chairs on PO ${po}?`],
        es: [`¿Quién es el proveedor del pedido ${po}?`, `¿Cuándo se entrega el pedido ${po}?`, `¿Cuál es el total del pedido ${po}?`, `¿Cuál es la forma de pago del pedido ${po}?`, `¿Cuál es el número del pedido a ${supplier}?`, `¿Cuál es el plazo de preaviso del pedido ${po}?`, `¿Cuál es el periodo de garantía de las sillas del pedido ${po}?`],
        de: [`Wer ist der Lieferant der Bestellung ${po}?`, `Wann soll die Bestellung ${po} geliefert werden?`, `Wie hoch ist der Gesamtbetrag der Bestellung ${po}?`, `Welche Zahlungsbedingungen gelten für die Bestellung ${po}?`, `Wie lautet die Bestellnummer der Bestellung bei ${supplier}?`, `Welche Kündigungsfrist gilt für die Bestellung ${po}?`, `Wie lange ist die Gewährleistung für die Stühle der Bestellung ${po}?`],
        fr: [`Qui est le fournisseur de la commande ${po} ?`, `Quand la commande ${po} doit-elle être livrée ?`, `Quel est le total TTC de la commande ${po} ?`, `Quelles sont les conditions de paiement de la commande ${po} ?`, `Quel est le numéro de la commande passée à ${supplier} ?`, `Quel est le préavis de résiliation de la commande ${po} ?`, `Quelle est la durée de garantie des fauteuils de la commande ${po} ?`],
      }[lang];
      q({ question: Q[0], kind: "name", page: 1, value: supplier });
      q({ question: Q[1], kind: "date", page: 1, value: iso(delivery), written: dateText(delivery, lang, v) });
      q({ question: Q[2], kind: "amount", page: 1, value: total.toFixed(2), written: totalText });
      q({ question: Q[3], kind: "text", page: 1, value: payText });
      q({ question: Q[4], kind: "id", page: 1, value: po });
      none(Q[5], "text", true);
      none(Q[6], "text", false);
      return L;
    }
    if (family === "nda") {
      const discloser = company(lang);
      const recipient = company(lang);
      const start = dateIn(2025, 2026);
      const end = { ...start, y: start.y + pick([2, 3]) };
      const years = pick([3, 5]);
      const confText = duration(years, "year", lang, v);
      const [lawText, law] = LAW[lang][1 - v];
      const court = COURTS[lang][v];
      const penalty = int(1, 10) * 5000;
      const penText = money(penalty, lang, v);
      const n = int(3, 5);
      const pEnd = int(2, n);
      const pConf = int(2, n);
      const pLaw = n;
      const pPen = int(2, n);
      const L = {
        en: {
          first: ["MUTUAL NON-DISCLOSURE AGREEMENT", `Disclosing Party: ${discloser}`, `Receiving Party: ${recipient}`, `This Agreement is entered into as of ${dateText(start, lang, v)} (the "Effective Date").`],
          end: `Duration. This Agreement shall expire on ${dateText(end, lang, v)} unless terminated earlier by mutual written agreement.`,
          conf: `Survival. The obligations of confidentiality shall survive the expiry of this Agreement for a period of ${confText}.`,
          law: `This Agreement is governed by ${lawText}, and the courts of ${court} shall have exclusive jurisdiction.`,
          pen: `Contractual penalty. For each breach of the confidentiality obligations, the Receiving Party shall pay liquidated damages of ${penText}.`,
        },
        es: {
          first: ["ACUERDO DE CONFIDENCIALIDAD", `Parte reveladora: ${discloser}`, `Parte receptora: ${recipient}`, `El presente acuerdo se firma con fecha ${dateText(start, lang, v)}.`],
          end: `Vigencia. El presente acuerdo finalizará el ${dateText(end, lang, v)}, salvo resolución anticipada de mutuo acuerdo.`,
          conf: `Las obligaciones de confidencialidad subsistirán tras la finalización del acuerdo durante un plazo de ${confText}.`,
          law: `Este acuerdo se rige por ${lawText}. Las partes se someten a los juzgados y tribunales de ${court}.`,
          pen: `Penalización. Por cada incumplimiento de la confidencialidad, la parte receptora abonará una penalización de ${penText}.`,
        },
        de: {
          first: ["GEHEIMHALTUNGSVEREINBARUNG", `Offenlegende Partei: ${discloser}`, `Empfangende Partei: ${recipient}`, `Diese Vereinbarung wird am ${dateText(start, lang, v)} geschlossen.`],
          end: `Laufzeit. Diese Vereinbarung endet am ${dateText(end, lang, v)}, sofern sie nicht zuvor einvernehmlich aufgehoben wird.`,
          conf: `Die Pflicht zur Geheimhaltung besteht nach Ende dieser Vereinbarung für weitere ${confText} fort.`,
          law: `Es gilt ${lawText}. Ausschließlicher Gerichtsstand ist ${court}.`,
          pen: `Vertragsstrafe. Für jeden Verstoß gegen die Geheimhaltungspflicht zahlt die empfangende Partei eine Vertragsstrafe von ${penText}.`,
        },
        fr: {
          first: ["ACCORD DE CONFIDENTIALITÉ", `Partie divulgatrice : ${discloser}`, `Partie réceptrice : ${recipient}`, `Le présent accord est conclu le ${dateText(start, lang, v)}.`],
          end: `Durée. Le présent accord prend fin le ${dateText(end, lang, v)}, sauf résiliation anticipée d'un commun accord.`,
          conf: `Les obligations de confidentialité survivent à l'expiration du présent accord pendant une durée de ${confText}.`,
          law: `Le présent accord est soumis à ${lawText}. Tout litige relève de la compétence exclusive des tribunaux de ${court}.`,
          pen: `Clause pénale. Pour chaque manquement à l'obligation de confidentialité, la partie réceptrice versera une pénalité de ${penText}.`,
        },
      }[lang];
      put(pEnd, L.end);
      put(pConf, L.conf);
      put(pLaw, L.law);
      put(pPen, L.pen);
      const Q = {
        en: [`When does the NDA with ${recipient} end?`, `How long must ${recipient} keep the information confidential after the NDA expires?`, `Who is the receiving party of the NDA signed with ${discloser}?`, `Which courts have jurisdiction over the NDA with ${recipient}?`, `How much is the penalty for a breach of the NDA with ${recipient}?`, `What is the notice period of the NDA with ${recipient}?`, `What is the liability cap of the NDA with ${recipient}?`],
        es: [`¿Cuándo termina el acuerdo de confidencialidad con ${recipient}?`, `¿Durante cuánto tiempo se mantiene la confidencialidad con ${recipient}?`, `¿Quién es la parte receptora del acuerdo con ${discloser}?`, `¿Qué tribunales son competentes en el acuerdo con ${recipient}?`, `¿Cuál es la penalización por incumplir el acuerdo con ${recipient}?`, `¿Cuál es el plazo de preaviso del acuerdo de confidencialidad con ${recipient}?`, `¿Cuál es el límite de responsabilidad del acuerdo con ${recipient}?`],
        de: [`Wann endet die Geheimhaltungsvereinbarung mit ${recipient}?`, `Wie lange gilt die Geheimhaltungspflicht für ${recipient} nach Vertragsende?`, `Wer ist die empfangende Partei der Vereinbarung mit ${discloser}?`, `Wo ist der Gerichtsstand der Geheimhaltungsvereinbarung mit ${recipient}?`, `Wie hoch ist die Vertragsstrafe in der Vereinbarung mit ${recipient}?`, `Welche Kündigungsfrist gilt für die Geheimhaltungsvereinbarung mit ${recipient}?`, `Wie hoch ist die Haftungsbegrenzung der Vereinbarung mit ${recipient}?`],
        fr: [`Quand l'accord de confidentialité avec ${recipient} prend-il fin ?`, `Pendant combien de temps ${recipient} doit-elle garder les informations confidentielles ?`, `Qui est la partie réceptrice de l'accord avec ${discloser} ?`, `Quels tribunaux sont compétents pour l'accord avec ${recipient} ?`, `Quel est le montant de la pénalité prévue dans l'accord avec ${recipient} ?`, `Quel est le préavis de résiliation de l'accord de confidentialité avec ${recipient} ?`, `Quel est le plafond de responsabilité de l'accord avec ${recipient} ?`],
      }[lang];
      q({ question: Q[0], kind: "date", page: pEnd, value: iso(end), written: dateText(end, lang, v) });
      q({ question: Q[1], kind: "text", page: pConf, value: confText });
      q({ question: Q[2], kind: "name", page: 1, value: recipient });
      q({ question: Q[3], kind: "text", page: pLaw, value: court });
      q({ question: Q[4], kind: "amount", page: pPen, value: penalty.toFixed(2), written: penText });
      none(Q[5], "text", true);
      none(Q[6], "amount", true);
      void law;
      return prose(lang, n, L.first, placed);
    }
    if (family === "terms") {
      const supplier = company(lang);
      const days = pick([14, 30, 60]);
      const payText = duration(days, "day", lang, v);
      const points = pick([5, 8, 9]);
      const warranty = pick([12, 24]);
      const warText = duration(warranty, "month", lang, v + 1);
      const court = COURTS[lang][1 - v];
      const n = int(2, 4);
      const pPay = int(1, n);
      const pInt = pPay;
      const pWar = int(1, n);
      const pCourt = n;
      const pts = lang === "en" ? `${points} percentage points` : lang === "es" ? `${points} puntos porcentuales` : lang === "de" ? `${points} Prozentpunkten` : `${points} points de pourcentage`;
      const L = {
        en: {
          first: [`GENERAL TERMS AND CONDITIONS OF SALE — ${supplier.toUpperCase()}`, `These terms apply to all deliveries by ${supplier} (the "Seller").`],
          pay: `Payment. Invoices are payable without deduction within ${payText} of the invoice date.`,
          int: `Late payment. Overdue amounts bear interest at ${pts} above the base rate of the central bank.`,
          war: `Warranty. The Seller warrants the goods against defects in material and workmanship for ${warText} from delivery.`,
          court: `Place of jurisdiction for all disputes is ${court}.`,
        },
        es: {
          first: [`CONDICIONES GENERALES DE VENTA — ${supplier.toUpperCase()}`, `Estas condiciones se aplican a todos los suministros de ${supplier} (el "Vendedor").`],
          pay: `Pago. Las facturas se abonarán sin descuento en el plazo de ${payText} desde la fecha de factura.`,
          int: `Demora. Las cantidades vencidas devengarán un interés de ${pts} por encima del tipo de referencia del Banco Central Europeo.`,
          war: `Garantía. El Vendedor garantiza los productos frente a defectos de material y fabricación durante ${warText} desde la entrega.`,
          court: `Para cualquier controversia las partes se someten a los juzgados de ${court}.`,
        },
        de: {
          first: [`ALLGEMEINE GESCHÄFTSBEDINGUNGEN — ${supplier.toUpperCase()}`, `Diese Bedingungen gelten für alle Lieferungen der ${supplier} ("Verkäufer").`],
          pay: `Zahlung. Rechnungen sind innerhalb von ${payText} ab Rechnungsdatum ohne Abzug zu zahlen.`,
          int: `Verzug. Bei Zahlungsverzug werden Zinsen in Höhe von ${pts} über dem Basiszinssatz berechnet.`,
          war: `Gewährleistung. Die Gewährleistungsfrist für Sachmängel beträgt ${warText} ab Lieferung.`,
          court: `Gerichtsstand für alle Streitigkeiten ist ${court}.`,
        },
        fr: {
          first: [`CONDITIONS GÉNÉRALES DE VENTE — ${supplier.toUpperCase()}`, `Les présentes conditions s'appliquent à toutes les livraisons de ${supplier} (le « Vendeur »).`],
          pay: `Paiement. Les factures sont payables sans escompte dans un délai de ${payText} à compter de la date de facture.`,
          int: `Retard. Tout retard de paiement entraîne des pénalités au taux directeur de la BCE majoré de ${pts}.`,
          war: `Garantie. Le Vendeur garantit les produits contre tout défaut de matière ou de fabrication pendant ${warText} à compter de la livraison.`,
          court: `Tout litige relève de la compétence du tribunal de commerce de ${court}.`,
        },
      }[lang];
      put(pPay, L.pay);
      put(pInt, L.int);
      put(pWar, L.war);
      put(pCourt, L.court);
      const Q = {
        en: [`Within how many days must ${supplier}'s invoices be paid?`, `What interest does ${supplier} charge on late payments?`, `How long is the warranty under ${supplier}'s terms?`, `Where is the place of jurisdiction in ${supplier}'s terms and conditions?`, `What is the notice period in ${supplier}'s terms?`, `What is the minimum order value in ${supplier}'s terms?`],
        es: [`¿En qué plazo hay que pagar las facturas de ${supplier}?`, `¿Qué interés de demora aplica ${supplier}?`, `¿Cuánto dura la garantía según las condiciones de ${supplier}?`, `¿Qué juzgados son competentes según las condiciones de ${supplier}?`, `¿Cuál es el plazo de preaviso en las condiciones de ${supplier}?`, `¿Cuál es el pedido mínimo en las condiciones de ${supplier}?`],
        de: [`Innerhalb welcher Frist sind Rechnungen der ${supplier} zu zahlen?`, `Wie hoch sind die Verzugszinsen der ${supplier}?`, `Wie lange beträgt die Gewährleistung bei der ${supplier}?`, `Wo ist der Gerichtsstand in den AGB der ${supplier}?`, `Welche Kündigungsfrist gilt in den AGB der ${supplier}?`, `Wie hoch ist der Mindestbestellwert der ${supplier}?`],
        fr: [`Dans quel délai faut-il payer les factures de ${supplier} ?`, `Quelles pénalités de retard applique ${supplier} ?`, `Quelle est la durée de la garantie de ${supplier} ?`, `Quel tribunal est compétent selon les conditions de ${supplier} ?`, `Quel est le préavis de résiliation dans les conditions de ${supplier} ?`, `Quel est le montant minimum de commande chez ${supplier} ?`],
      }[lang];
      q({ question: Q[0], kind: "text", page: pPay, value: payText });
      q({ question: Q[1], kind: "text", page: pInt, value: pts });
      q({ question: Q[2], kind: "text", page: pWar, value: warText });
      q({ question: Q[3], kind: "text", page: pCourt, value: court });
      none(Q[4], "text", true);
      none(Q[5], "amount", false);
      return prose(lang, n, L.first, placed);
    }
    if (family === "certificate") {
      const insured = company(lang);
      const insurer = { en: "Meridian Insurance plc", es: "Mutua Ibérica de Seguros", de: "Rheinland Versicherung AG", fr: "Assurances Mutuelles de l'Ouest" }[lang];
      const policy = `${lang === "de" ? "VS" : lang === "fr" ? "AP" : lang === "es" ? "POL" : "PL"}-${int(100000, 999999)}-${int(10, 99)}`;
      const from = { ...dateIn(2025, 2026), d: 1 };
      const to = lastDay(addMonths({ ...from, y: from.y + 1 }, -1));
      const sum = int(5, 50) * 100000;
      const ded = pick([500, 1000, 2500]);
      const sumText = money(sum, lang, v);
      const dedText = money(ded, lang, v);
      const L = {
        en: [["CERTIFICATE OF INSURANCE", `Insurer: ${insurer}`, `Policy number: ${policy}`, `Insured: ${insured}`, `Type of cover: Public and Products Liability`, `Period of insurance: from ${dateText(from, lang, v)} to ${dateText(to, lang, v)} (both dates inclusive)`, `Limit of indemnity: ${sumText} any one occurrence`, `Excess: ${dedText} each and every claim`, "", "This certificate is issued as a matter of information only and confers no rights upon the holder."]],
        es: [["CERTIFICADO DE SEGURO", `Aseguradora: ${insurer}`, `Nº de póliza: ${policy}`, `Tomador y asegurado: ${insured}`, `Riesgo cubierto: Responsabilidad civil general`, `Periodo de cobertura: del ${dateText(from, lang, v)} al ${dateText(to, lang, v)}`, `Suma asegurada por siniestro: ${sumText}`, `Franquicia: ${dedText} por siniestro`, "", "El presente certificado se expide a efectos informativos y no modifica las condiciones de la póliza."]],
        de: [["VERSICHERUNGSBESTÄTIGUNG", `Versicherer: ${insurer}`, `Versicherungsschein-Nr.: ${policy}`, `Versicherungsnehmer: ${insured}`, `Sparte: Betriebshaftpflichtversicherung`, `Versicherungszeitraum: ${dateText(from, lang, v)} bis ${dateText(to, lang, v)}`, `Deckungssumme: ${sumText} je Schadenereignis`, `Selbstbehalt: ${dedText} je Schadenfall`, "", "Diese Bestätigung dient nur zur Information und begründet keine Rechte gegenüber dem Versicherer."]],
        fr: [["ATTESTATION D'ASSURANCE", `Assureur : ${insurer}`, `Contrat n° ${policy}`, `Assuré : ${insured}`, `Garantie : Responsabilité civile professionnelle`, `Période de garantie : du ${dateText(from, lang, v)} au ${dateText(to, lang, v)}`, `Montant de garantie : ${sumText} par sinistre`, `Franchise : ${dedText} par sinistre`, "", "La présente attestation est délivrée pour servir et valoir ce que de droit."]],
      }[lang];
      const Q = {
        en: [`What is the policy number on the certificate for ${insured}?`, `Until when is ${insured} insured?`, `What is the limit of indemnity for ${insured}?`, `What is the excess on ${insured}'s liability cover?`, `Who is insured under policy ${policy}?`, `What is the annual premium of policy ${policy}?`, `What is the notice period of policy ${policy}?`],
        es: [`¿Cuál es el número de póliza del certificado de ${insured}?`, `¿Hasta cuándo está asegurada ${insured}?`, `¿Cuál es la suma asegurada de ${insured}?`, `¿Cuál es la franquicia del seguro de ${insured}?`, `¿Quién es el asegurado de la póliza ${policy}?`, `¿Cuál es la prima anual de la póliza ${policy}?`, `¿Cuál es el plazo de preaviso de la póliza ${policy}?`],
        de: [`Wie lautet die Versicherungsscheinnummer der ${insured}?`, `Bis wann ist die ${insured} versichert?`, `Wie hoch ist die Deckungssumme der ${insured}?`, `Wie hoch ist die Selbstbeteiligung der ${insured}?`, `Wer ist Versicherungsnehmer des Versicherungsscheins ${policy}?`, `Wie hoch ist die Jahresprämie des Versicherungsscheins ${policy}?`, `Welche Kündigungsfrist gilt für den Versicherungsschein ${policy}?`],
        fr: [`Quel est le numéro de contrat de l'attestation de ${insured} ?`, `Jusqu'à quand ${insured} est-elle assurée ?`, `Quel est le montant de garantie de ${insured} ?`, `Quelle est la franchise de l'assurance de ${insured} ?`, `Qui est assuré par le contrat ${policy} ?`, `Quelle est la prime annuelle du contrat ${policy} ?`, `Quel est le préavis de résiliation du contrat ${policy} ?`],
      }[lang];
      q({ question: Q[0], kind: "id", page: 1, value: policy });
      q({ question: Q[1], kind: "date", page: 1, value: iso(to), written: dateText(to, lang, v) });
      q({ question: Q[2], kind: "amount", page: 1, value: sum.toFixed(2), written: sumText });
      q({ question: Q[3], kind: "amount", page: 1, value: ded.toFixed(2), written: dedText });
      q({ question: Q[4], kind: "name", page: 1, value: insured });
      none(Q[5], "amount", true);
      none(Q[6], "text", false);
      return L;
    }
    // credit notes
    const seller = company(lang);
    const customer = company(lang);
    const no = `${lang === "de" ? "GS" : lang === "fr" ? "AV" : lang === "es" ? "R" : "CN"}-${int(1000, 9999)}`;
    const inv = `${lang === "de" ? "RE" : lang === "fr" ? "FA" : lang === "es" ? "F" : "INV"}-${int(10000, 99999)}`;
    const d = dateIn(2025, 2026);
    const amount = int(3000, 90000) / 100;
    const amtText = money(amount, lang, v);
    const L = {
      en: [["CREDIT NOTE", seller, "", `Credit note no.: ${no}`, `Date: ${dateText(d, lang, v)}`, `Customer: ${customer}`, `Relating to invoice: ${inv}`, "", `Reason: goods returned damaged in transit`, "", `Total credit: ${amtText}`, "The amount will be set off against your next invoice."]],
      es: [["FACTURA RECTIFICATIVA", seller, "", `Nº de rectificativa: ${no}`, `Fecha: ${dateText(d, lang, v)}`, `Cliente: ${customer}`, `Factura rectificada: ${inv}`, "", `Motivo: devolución de mercancía dañada en el transporte`, "", `Importe a abonar: ${amtText}`, "El importe se descontará de su próxima factura."]],
      de: [["GUTSCHRIFT", seller, "", `Gutschrift-Nr.: ${no}`, `Datum: ${dateText(d, lang, v)}`, `Kunde: ${customer}`, `Bezug: Rechnung ${inv}`, "", `Grund: Rücksendung wegen Transportschaden`, "", `Gutschriftsbetrag: ${amtText}`, "Der Betrag wird mit Ihrer nächsten Rechnung verrechnet."]],
      fr: [["AVOIR", seller, "", `Avoir n° ${no}`, `Date : ${dateText(d, lang, v)}`, `Client : ${customer}`, `Facture d'origine : ${inv}`, "", `Motif : retour de marchandise endommagée pendant le transport`, "", `Montant de l'avoir : ${amtText}`, "Ce montant sera déduit de votre prochaine facture."]],
    }[lang];
    const Q = {
      en: [`How much is credited on credit note ${no}?`, `Which invoice does credit note ${no} relate to?`, `What is the date of credit note ${no}?`, `Why was credit note ${no} issued?`, `What is the IBAN for the refund of credit note ${no}?`, `When is credit note ${no} due for payment?`],
      es: [`¿Cuál es el importe de la rectificativa ${no}?`, `¿Qué factura rectifica la ${no}?`, `¿Qué fecha tiene la rectificativa ${no}?`, `¿Cuál es el motivo de la rectificativa ${no}?`, `¿Cuál es el IBAN para el reembolso de la rectificativa ${no}?`, `¿Cuándo vence el pago de la rectificativa ${no}?`],
      de: [`Wie hoch ist die Gutschrift ${no}?`, `Auf welche Rechnung bezieht sich die Gutschrift ${no}?`, `Von wann ist die Gutschrift ${no}?`, `Warum wurde die Gutschrift ${no} ausgestellt?`, `Wie lautet die IBAN für die Erstattung der Gutschrift ${no}?`, `Wann ist die Gutschrift ${no} fällig?`],
      fr: [`Quel est le montant de l'avoir ${no} ?`, `À quelle facture se rapporte l'avoir ${no} ?`, `Quelle est la date de l'avoir ${no} ?`, `Pour quel motif l'avoir ${no} a-t-il été émis ?`, `Quel est l'IBAN pour le remboursement de l'avoir ${no} ?`, `Quelle est la date d'échéance de l'avoir ${no} ?`],
    }[lang];
    q({ question: Q[0], kind: "amount", page: 1, value: amount.toFixed(2), written: amtText });
    q({ question: Q[1], kind: "id", page: 1, value: inv });
    q({ question: Q[2], kind: "date", page: 1, value: iso(d), written: dateText(d, lang, v) });
    q({ question: Q[3], kind: "text", page: 1, value: { en: "damaged in transit", es: "dañada en el transporte", de: "Transportschaden", fr: "endommagée pendant le transport" }[lang] });
    none(Q[4], "id", false);
    none(Q[5], "date", true);
    return L;
  }

  const out = {} as Record<Part, TemplateSet>;
  for (const part of ["tuned", "heldout"] as Part[]) {
    const docsDir = join(dir, part, "docs");
    mkdirSync(docsDir, { recursive: true });
    let pages = 0;
    for (const d of docs[part]) {
      await writePdf(join(docsDir, d.file), d.pages);
      pages += d.pages.length;
    }
    const t = truth.filter((x) => x.part === part);
    writeFileSync(join(dir, part, "questions.csv"), `id,question\n${t.map((x) => `${x.id},"${x.question.replace(/"/g, '""')}"`).join("\n")}\n`);
    out[part] = { files: docs[part].map((d) => d.file), pages, truth: t };
  }
  return out;
}

const squash = (s: string) => foldText(s).replace(/[\s\u00a0\u202f]+/g, " ").trim();
/** Every amount written in a text, as 1234.56 (either decimal mark; dots, commas, spaces or apostrophes grouping). */
export function amountsIn(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(/\d{1,3}(?:([.,' \u00a0\u202f])\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?/g)) {
    const raw = m[0];
    const dec = raw.match(/[.,](\d{1,2})$/);
    const whole = (dec ? raw.slice(0, -dec[0].length) : raw).replace(/[.,' \u00a0\u202f]/g, "");
    out.push(Number(`${whole}.${dec ? dec[1].padEnd(2, "0") : "00"}`).toFixed(2));
  }
  return out;
}

/**
 * Scores: page in top 3; value stated — an answer that gives a value before its quote must give the true one (a date
 * as ISO or as written, an amount in any usual writing, a name or id folded); an answer that is a quote alone must
 * quote the value as the document writes it; "not found" said on the unanswerable (no citation), and falsely on the
 * answerable.
 */
export function scoreTemplates(truth: TemplateTruth[], answers: Map<string, Answer>) {
  const notFound = (a: Answer) => a.citations.length === 0 && /not found/i.test(a.answer);
  const answerable = truth.filter((t) => t.file);
  const unanswerable = truth.filter((t) => !t.file);
  let page = 0;
  let value = 0;
  const misses: string[] = [];
  for (const t of answerable) {
    const a = answers.get(t.id)!;
    const okPage = a.citations.slice(0, 3).some((c) => c.file === t.file && c.page === t.page);
    const quoted = a.answer.startsWith("“");
    const head = quoted ? "" : a.answer.split(" — “")[0];
    let okValue: boolean;
    if (head && !notFound(a)) {
      okValue =
        t.kind === "date"
          ? head.includes(t.value!) || squash(head).includes(squash(t.written!))
          : t.kind === "amount"
            ? amountsIn(head).includes(t.value!)
            : squash(head).includes(squash(t.written!)) || squash(head).includes(squash(t.value!));
    } else okValue = squash(a.citations[0]?.quote ?? "").includes(squash(t.written!));
    if (okPage) page++;
    if (okValue) value++;
    if (!okPage || !okValue) misses.push(`${t.id} ${t.family}/${t.lang} [${t.kind}${okPage ? "" : ", page"}${okValue ? "" : ", value"}] ${t.question} → ${a.answer.slice(0, 160)}`);
  }
  const nf = unanswerable.filter((t) => notFound(answers.get(t.id)!)).length;
  const near = unanswerable.filter((t) => t.nearMiss);
  for (const t of unanswerable) if (!notFound(answers.get(t.id)!)) misses.push(`${t.id} ${t.family}/${t.lang} [unanswerable${t.nearMiss ? ", near miss" : ""}] ${t.question} → ${answers.get(t.id)!.answer.slice(0, 160)}`);
  const falseNf = answerable.filter((t) => notFound(answers.get(t.id)!)).length;
  const ratio = (a: number, b: number) => (b ? a / b : NaN);
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    pageTop3: ratio(page, answerable.length),
    valueStated: ratio(value, answerable.length),
    notFound: ratio(nf, unanswerable.length),
    nearMissNotFound: ratio(near.filter((t) => notFound(answers.get(t.id)!)).length, near.length),
    falseNotFound: ratio(falseNf, answerable.length),
    misses,
  };
}
