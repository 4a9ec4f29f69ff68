// The OpenAI reader: same interface as the offline one. Page text (and page images for scanned pages) go to a
// chat-completions model with a structured-output schema; the answer is checked with zod, normalized (amounts,
// dates, currency) and validated like the offline result. Tokens and cost are reported.

import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import { ExtractionError } from "./errors";
import { pageText } from "./layout";
import { parseAmount, parseDate, toMoney } from "./parse";
import { documentKinds, headerFields, type ExtractedInvoice, type InvoiceExtractor, type LineItem } from "./types";
import { validateInvoice } from "./validate";

const nullableString = z.string().nullable();
const confidenceSchema = z.object(Object.fromEntries([...headerFields, "lineItems"].map((f) => [f, z.number()])) as Record<(typeof headerFields)[number] | "lineItems", z.ZodNumber>);

export const extractInvoicesSchema = z.object({
  classification: z.enum(documentKinds),
  invoices: z.array(
    z.object({
      kind: z.enum(["invoice", "credit_note"]),
      pageStart: z.number().int(),
      pageEnd: z.number().int(),
      invoiceNumber: nullableString,
      issueDate: nullableString.describe("YYYY-MM-DD"),
      dueDate: nullableString.describe("YYYY-MM-DD"),
      vendorName: nullableString,
      vendorTaxId: nullableString,
      vendorAddress: nullableString,
      billToName: nullableString,
      currency: nullableString.describe("ISO 4217 code"),
      subtotal: nullableString.describe("decimal with a dot, no thousands separators, e.g. 1234.50"),
      taxAmount: nullableString,
      total: nullableString,
      lineItems: z.array(z.object({ description: nullableString, quantity: nullableString, unitPrice: nullableString, amount: nullableString })),
      confidence: confidenceSchema.describe("0..1 per field: how sure you are the value is exactly what the document says"),
    }),
  ),
});
export type ModelAnswer = z.infer<typeof extractInvoicesSchema>;

/** USD per million tokens (input, output). */
const PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "gpt-4.1-mini": [0.4, 1.6],
  "gpt-4.1": [2, 8],
  "gpt-4.1-nano": [0.1, 0.4],
};

export interface OpenAIExtractorOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  /** Whether to send page images for pages without a text layer (default true). */
  images?: boolean;
  /** Retries on 429/5xx/connection errors, honouring retry-after (default 3). */
  maxRetries?: number;
  timeoutMs?: number;
  /** Price override, USD per million input/output tokens, for models not in the built-in table. */
  pricePerMillion?: { input: number; output: number };
}

const SYSTEM = `You read business documents for an accounts-payable team.
Classify the document: invoice, credit_note, quote (also estimates, pro-forma invoices), receipt, delivery_note, or other (letters, reminders, statements).
Only invoices and credit notes produce entries in "invoices"; for anything else return an empty list.
A PDF may hold several invoices; give each its page range (1-based, inclusive). One invoice may span pages.
Copy values exactly as printed; dates as YYYY-MM-DD; amounts as plain decimals with a dot ("1234.50"); currency as an ISO 4217 code.
Use null for anything not on the document. Never invent values.`;

const decimalOrNull = (v: string | null, money: boolean) => {
  if (v === null || v.trim() === "") return null;
  const t = v.trim();
  const d = /^-?\d+(\.\d+)?$/.test(t) ? t : (parseAmount(t, /,\d{1,2}$/.test(t) ? "," : ".") ?? null);
  return money ? toMoney(d) : d;
};
const isoOrNull = (v: string | null) => (v === null ? null : /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? v.trim() : parseDate(v));
const clamp01 = (n: number) => Math.max(0, Math.min(1, Number.isFinite(n) ? n : 0));

/** Turn a schema-checked model answer into extracted invoices (normalized and validated). */
export function invoicesFromAnswer(answer: ModelAnswer, pageCount: number): ExtractedInvoice[] {
  if (answer.classification !== "invoice" && answer.classification !== "credit_note") return [];
  return answer.invoices.map((m) => {
    const pageStart = Math.max(1, Math.min(pageCount, m.pageStart));
    const pageEnd = Math.max(pageStart, Math.min(pageCount, m.pageEnd));
    const lineItems: LineItem[] = m.lineItems.map((l) => ({
      description: l.description?.trim() || null,
      quantity: decimalOrNull(l.quantity, false),
      unitPrice: decimalOrNull(l.unitPrice, true),
      amount: decimalOrNull(l.amount, true),
    }));
    const confidence = Object.fromEntries(Object.entries(m.confidence).map(([k, v]) => [k, clamp01(v)]));
    const inv: ExtractedInvoice = {
      kind: m.kind,
      pageStart,
      pageEnd,
      invoiceNumber: m.invoiceNumber?.trim() || null,
      issueDate: isoOrNull(m.issueDate),
      dueDate: isoOrNull(m.dueDate),
      vendorName: m.vendorName?.trim() || null,
      vendorTaxId: m.vendorTaxId?.replace(/\s+/g, "") || null,
      vendorAddress: m.vendorAddress?.trim() || null,
      billToName: m.billToName?.trim() || null,
      currency: m.currency ? m.currency.trim().toUpperCase() : null,
      subtotal: decimalOrNull(m.subtotal, true),
      taxAmount: decimalOrNull(m.taxAmount, true),
      total: decimalOrNull(m.total, true),
      lineItems,
      confidence,
      issues: [],
    };
    for (const f of headerFields) if (inv[f] === null) inv.confidence[f] = 0;
    return validateInvoice(inv);
  });
}

export function createOpenAIExtractor(opts: OpenAIExtractorOptions): InvoiceExtractor {
  const model = opts.model ?? "gpt-4o-mini";
  const client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: opts.maxRetries ?? 3, timeout: opts.timeoutMs ?? 120_000 });
  const price = opts.pricePerMillion ? [opts.pricePerMillion.input, opts.pricePerMillion.output] : PRICES[model.replace(/-\d{4}-\d{2}-\d{2}$/, "")];
  return {
    name: "openai",
    async extract({ pages, images }) {
      const content: OpenAI.Chat.Completions.ChatCompletionContentPart[] = [];
      for (const p of pages) {
        const img = !p.hasText || p.ocr ? images?.get(p.page) : undefined;
        content.push({ type: "text", text: `--- Page ${p.page} of ${pages.length} ---\n${pageText(p) || "(no text layer)"}` });
        if (img && opts.images !== false) {
          content.push({ type: "image_url", image_url: { url: `data:${img.mime};base64,${Buffer.from(img.data).toString("base64")}`, detail: "high" } });
        }
      }
      let completion: OpenAI.Chat.Completions.ChatCompletion;
      try {
        completion = await client.chat.completions.create({
          model,
          temperature: 0,
          messages: [
            { role: "system", content: SYSTEM },
            { role: "user", content },
          ],
          response_format: zodResponseFormat(extractInvoicesSchema, "invoice_extraction"),
        });
      } catch (e) {
        const status = (e as { status?: number }).status;
        throw new ExtractionError(`OpenAI extraction failed${status ? ` (HTTP ${status})` : ""}: ${(e as Error).message}`, "model_failed", { cause: e });
      }
      const choice = completion.choices[0];
      if (choice?.message?.refusal) throw new ExtractionError(`The model refused to read the document: ${choice.message.refusal}`, "model_output");
      const raw = choice?.message?.content ?? "";
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        throw new ExtractionError(`The model's answer is not valid JSON (${raw.length} characters, starts "${raw.slice(0, 60)}").`, "model_output");
      }
      const parsed = extractInvoicesSchema.safeParse(json);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new ExtractionError(`The model's answer does not match the invoice schema: ${first.path.join(".") || "(root)"}: ${first.message}.`, "model_output");
      }
      const usage = completion.usage;
      const tokens = usage ? usage.prompt_tokens + usage.completion_tokens : undefined;
      const costUsd = usage && price ? (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1_000_000 : undefined;
      const a = parsed.data;
      return {
        classification: { kind: a.classification, confidence: 0.9, evidence: [`${model} classified it as ${a.classification}`] },
        invoices: invoicesFromAnswer(a, pages.length),
        tokens,
        costUsd,
      };
    },
  };
}
