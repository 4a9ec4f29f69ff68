// Scoring of bench/documents.ts: an answer states the true value (amounts in any usual writing, dates as ISO, names
// and ids folded), its cited page is within the top 3, and "not found" is said only with no citation.
import { foldText } from "@/lib/documents/text";
import type { Truth } from "./documents-corpus";

export interface Answer {
  id: string;
  answer: string;
  citations: { file: string; page: number; quote: string }[];
}

export function amountForms(v: string): string[] {
  const n = Number(v);
  return [v, n.toLocaleString("en-US", { minimumFractionDigits: 2 }), n.toLocaleString("es-ES", { minimumFractionDigits: 2, useGrouping: "always" } as Intl.NumberFormatOptions)];
}

export function score(truth: Truth[], answers: Map<string, Answer>) {
  const notFound = (a: Answer) => a.citations.length === 0 && /not found/i.test(a.answer);
  const answerable = truth.filter((t) => t.file);
  const unanswerable = truth.filter((t) => !t.file);
  let page = 0;
  let value = 0;
  const misses: string[] = [];
  for (const t of answerable) {
    const a = answers.get(t.id)!;
    const okPage = a.citations.slice(0, 3).some((c) => c.file === t.file && c.page === t.page);
    const f = foldText(a.answer.split(" — “")[0] + " " + (a.citations[0]?.quote ?? "")).replace(/\s+/g, " ");
    const head = foldText(a.answer).replace(/\s+/g, " ");
    const okValue =
      t.kind === "amount" ? amountForms(t.value!).some((x) => head.includes(foldText(x))) : t.kind === "date" ? head.includes(t.value!) : f.includes(foldText(t.value!));
    if (okPage) page++;
    if (okValue) value++;
    if ((!okPage || !okValue) && misses.length < 40) misses.push(`${t.id} [${t.kind}] ${t.question} → ${a.answer.slice(0, 120)}`);
  }
  const nf = unanswerable.filter((t) => notFound(answers.get(t.id)!)).length;
  for (const t of unanswerable) if (!notFound(answers.get(t.id)!) && misses.length < 40) misses.push(`${t.id} [unanswerable] ${t.question} → ${answers.get(t.id)!.answer.slice(0, 120)}`);
  const falseNf = answerable.filter((t) => notFound(answers.get(t.id)!)).length;
  return {
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    pageTop3: page / answerable.length,
    valueStated: value / answerable.length,
    notFound: nf / unanswerable.length,
    falseNotFound: falseNf / answerable.length,
    misses,
  };
}

