/**
 * Named parties (bench/documents.ts): invoices of several sellers in one folder, every seller also the buyer on
 * another's invoice, most of them printing their IBAN; questions that name a party ("What is the IBAN of X?", "the
 * invoice total of X"), some unanswerable because X's own invoice has no IBAN (while X's name stands on another
 * company's invoice that has one) or X is in no document; and an invoice number two sellers share, whose answer must
 * say it is ambiguous and give both totals. Answered by `docket ask` over the folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runAsk } from "@/scripts/cli/ask";
import { foldText } from "@/lib/documents/text";
import { writePdf } from "./documents-corpus";

interface PartyTruth {
  id: string;
  question: string;
  /** value the answer must state; null: must say not found; "ambiguous": must name both values */
  value: string | null;
  both?: [string, string];
  case: "iban" | "total" | "no-iban" | "absent" | "shared";
}

const SELLERS: [string, "de" | "en" | "es"][] = [
  ["Lieferant GmbH", "de"], ["Bergmann Werkzeuge GmbH", "de"], ["Nordholz Papier AG", "de"], ["Schulz Logistik GmbH", "de"],
  ["Kestrel Office Supplies Ltd", "en"], ["Harbourside Printing Ltd", "en"], ["Marlow Catering Services Ltd", "en"],
  ["Papelería Delgado SL", "es"], ["Suministros Ortega SA", "es"], ["Limpiezas Navarro SL", "es"],
];

const iban = (i: number) => `DE${String(10 + i * 7).padStart(2, "0")} ${String(3704 + i * 111).padStart(4, "0")} 00${String(40 + i).padStart(2, "0")} 05${String(32 + i).padStart(2, "0")} 0130 ${String(i).padStart(2, "0")}`;
const money = (n: number, lang: string) => (lang === "en" ? n.toLocaleString("en-US", { minimumFractionDigits: 2 }) : n.toLocaleString("de-DE", { minimumFractionDigits: 2 }));

export async function makePartySet(dir: string) {
  mkdirSync(join(dir, "docs"), { recursive: true });
  const truth: PartyTruth[] = [];
  const q = (t: Omit<PartyTruth, "id">) => truth.push({ id: `p${truth.length + 1}`, ...t });
  const lines = (lang: string, no: string, seller: string, buyer: string, total: number, bank: string | null) =>
    lang === "de"
      ? ["RECHNUNG", `Rechnung Nr: ${no}`, `Lieferant: ${seller}`, `Kunde: ${buyer}`, "Rechnungsdatum: 02.05.2025", "", `Gesamtbetrag: ${money(total, lang)} EUR`, ...(bank ? ["", "Bankverbindung: Sparkasse", `IBAN: ${bank}`] : [])]
      : lang === "en"
        ? ["INVOICE", `Invoice No: ${no}`, `Vendor: ${seller}`, `Bill to: ${buyer}`, "Invoice date: May 2, 2025", "", `Total due: €${money(total, lang)}`, ...(bank ? ["", "Payment by bank transfer", `IBAN: ${bank}`] : [])]
        : ["FACTURA", `Factura No: ${no}`, `Proveedor: ${seller}`, `Cliente: ${buyer}`, "Fecha de emisión: 02/05/2025", "", `Total a pagar: ${money(total, lang)} EUR`, ...(bank ? ["", "Pago por transferencia", `IBAN: ${bank}`] : [])];
  let files = 0;
  for (let i = 0; i < SELLERS.length; i++) {
    const [seller, lang] = SELLERS[i];
    const buyer = SELLERS[(i + 1) % SELLERS.length][0];
    const total = 100 + ((i * 7919) % 4000) + (i % 3) * 0.45;
    const bank = i % 3 === 0 && i < 9 ? null : iban(i);
    await writePdf(join(dir, "docs", `invoice-${i + 1}.pdf`), [lines(lang, `${lang === "es" ? "F" : "R"}-${3100 + i * 17}`, seller, buyer, total, bank)]);
    files++;
    q({ question: `What is the IBAN of ${seller}?`, value: bank, case: bank ? "iban" : "no-iban" });
    q({ question: `What is the invoice total of ${seller}?`, value: total.toFixed(2), case: "total" });
  }
  for (const absent of ["Zimmermann Elektro GmbH", "Brightwater Plumbing Ltd", "Transportes Ibarra SL"]) q({ question: `What is the IBAN of ${absent}?`, value: null, case: "absent" });
  // two sellers both numbered an invoice 7001
  const shared: [number, number] = [529.87, 88];
  for (const [k, seller] of ["Alpha Druck GmbH", "Omega Büromöbel AG"].entries()) {
    await writePdf(join(dir, "docs", `shared-${k + 1}.pdf`), [lines("de", "7001", seller, "Kaufhaus Meyer KG", shared[k], null)]);
    files++;
  }
  q({ question: "What is the total of invoice 7001?", value: "ambiguous", both: [shared[0].toFixed(2), shared[1].toFixed(2)], case: "shared" });
  writeFileSync(join(dir, "questions.csv"), `id,question\n${truth.map((t) => `${t.id},"${t.question}"`).join("\n")}\n`);
  return { truth, files };
}

const digits = (s: string) => s.replace(/[^0-9a-z]/gi, "").toLowerCase();
/** An amount as written in the answer, normalised to 1234.56. */
const amountsIn = (s: string) => [...s.matchAll(/\d[\d.,]*\d/g)].map((m) => m[0].replace(/[.,](?=\d{3}\b)/g, "").replace(",", "."));

export async function answerPartySet(dir: string, truth: PartyTruth[], sink: { write: (s: string) => void }) {
  const code = await runAsk(["--docs", join(dir, "docs"), "--questions", join(dir, "questions.csv"), "--out", join(dir, "answers.jsonl"), "--no-ocr"], { stdout: sink, stderr: sink });
  if (code !== 0) throw new Error(`docket ask exited ${code}`);
  const answers = new Map(readFileSync(join(dir, "answers.jsonl"), "utf8").trim().split("\n").map((l) => { const a = JSON.parse(l) as { id: string; answer: string; citations: unknown[] }; return [a.id, a]; }));
  const by = new Map<PartyTruth["case"], { n: number; ok: number }>();
  const misses: string[] = [];
  for (const t of truth) {
    const a = answers.get(t.id)!;
    const head = a.answer.split(" — “")[0];
    const notFound = !a.citations.length && /not found/i.test(a.answer);
    const ok =
      t.value === null ? notFound
      : t.value === "ambiguous" ? /ambiguous|which one/i.test(a.answer) && t.both!.every((v) => amountsIn(a.answer).some((x) => Number(x) === Number(v)))
      : t.case === "iban" ? digits(head).includes(digits(t.value))
      : amountsIn(foldText(head)).some((x) => Number(x) === Number(t.value));
    const s = by.get(t.case) ?? by.set(t.case, { n: 0, ok: 0 }).get(t.case)!;
    s.n++;
    if (ok) s.ok++;
    else misses.push(`${t.question} → ${a.answer.slice(0, 160)}`);
  }
  return { by, misses };
}
