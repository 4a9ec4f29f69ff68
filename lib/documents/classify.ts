// What a document is, in the words of the people who hold it, and why: the invoice reader's class for invoices,
// quotes, receipts and delivery notes; title words and structure for policies, general conditions, contracts and
// fleet lists. Reasons name the words and where they were seen.

import type { PageText } from "./chunk";
import { foldText } from "./text";

export const documentClasses = ["invoice", "credit_note", "quote", "receipt", "delivery_note", "fleet_list", "policy", "general_conditions", "contract", "other"] as const;
export type DocumentClass = (typeof documentClasses)[number];

const RULES: { cls: DocumentClass; re: RegExp; weight: number }[] = [
  { cls: "general_conditions", re: /\b(condiciones generales|general (terms and )?conditions|allgemeine (versicherungs)?bedingungen|conditions generales)\b/, weight: 4 },
  { cls: "policy", re: /\b(poliza|caratula de (la )?poliza|policy (number|schedule|declarations)|certificate of insurance|versicherungsschein|police d.assurance)\b/, weight: 3 },
  { cls: "policy", re: /\b(asegurado|aseguradora|insured|insurer|prima|premium|deducible|deductible|suma asegurada|sum insured|cobertura|coverage)\b/, weight: 0.5 },
  { cls: "contract", re: /\b(contrato|contract|agreement|convenio|vertrag|contrat)\b/, weight: 2 },
  { cls: "contract", re: /\b(las partes|the parties|clausula|clause|witnesseth|hereinafter|en lo sucesivo|firmas|signatures?)\b/, weight: 0.7 },
  { cls: "fleet_list", re: /\b(flotilla|flota|fleet( list| schedule)?|relacion de (vehiculos|unidades)|vehicle (list|schedule))\b/, weight: 3 },
  { cls: "fleet_list", re: /\b(vin|niv|placas?|plate|marca|make|modelo|model|serie)\b/, weight: 0.3 },
  { cls: "quote", re: /\b(cotizacion|presupuesto|quotation|quote|angebot|devis)\b/, weight: 2 },
  { cls: "delivery_note", re: /\b(albaran|remision|nota de entrega|delivery note|packing slip|lieferschein|bon de livraison)\b/, weight: 3 },
  { cls: "invoice", re: /\b(factura|invoice|rechnung|facture|cfdi)\b/, weight: 2 },
];

/** The classes the invoice reader assigns; the page-word rules only decide among them when it gave none. */
const READER_CLASSES = ["invoice", "credit_note", "quote", "receipt", "delivery_note"] as const;

export interface ClassResult {
  cls: DocumentClass;
  reasons: string[];
}

/** Classify from the pages' text; `readerClass` is the invoice reader's classification when it read the file. */
export function classifyPages(pages: PageText[], opts: { readerClass?: string | null; spreadsheet?: boolean } = {}): ClassResult {
  const scores = new Map<DocumentClass, number>();
  const why = new Map<DocumentClass, string[]>();
  const first = pages.slice(0, 3);
  for (const p of first) {
    const head = foldText(p.text.slice(0, 1500));
    const body = foldText(p.text.slice(0, 6000));
    for (const r of RULES) {
      const inHead = head.match(r.re);
      const count = (body.match(new RegExp(r.re.source, "g")) ?? []).length;
      if (!count) continue;
      const w = r.weight * (inHead && p.page === 1 ? 2 : 1) * Math.min(3, count);
      scores.set(r.cls, (scores.get(r.cls) ?? 0) + w);
      const words = [...new Set((body.match(new RegExp(r.re.source, "g")) ?? []).slice(0, 3))];
      if (r.weight >= 2 || count >= 3) (why.get(r.cls) ?? why.set(r.cls, []).get(r.cls)!).push(`'${words.join("', '")}' on page ${p.page}${inHead ? " (heading)" : ""}`);
    }
  }
  if (opts.spreadsheet) scores.set("fleet_list", (scores.get("fleet_list") ?? 0) * 1.5);
  if (pages.length >= 20) {
    scores.set("general_conditions", (scores.get("general_conditions") ?? 0) + 1);
  }
  if (opts.readerClass && opts.readerClass !== "other") {
    // The reader decides between its own classes (it read the layout, or the embedded e-invoice XML): words such as
    // "Lieferschein" listed on an invoice correction must not turn the invoice in Invoices into a delivery note here.
    if ((READER_CLASSES as readonly string[]).includes(opts.readerClass)) for (const c of READER_CLASSES) if (c !== opts.readerClass) scores.delete(c);
    scores.set(opts.readerClass as DocumentClass, (scores.get(opts.readerClass as DocumentClass) ?? 0) + 5);
    (why.get(opts.readerClass as DocumentClass) ?? why.set(opts.readerClass as DocumentClass, []).get(opts.readerClass as DocumentClass)!).unshift("the invoice reader classified it so from its layout");
  }
  const best = [...scores.entries()].sort((a, b) => b[1] - a[1])[0];
  if (!best || best[1] < 3) return { cls: "other", reasons: ["no title or structure of a known kind of document"] };
  const reasons = why.get(best[0]) ?? [];
  if (best[0] === "general_conditions" && pages.length >= 20) reasons.push(`${pages.length} pages`);
  return { cls: best[0], reasons: reasons.slice(0, 4) };
}
