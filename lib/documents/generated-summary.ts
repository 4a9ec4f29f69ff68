/**
 * The abstractive summary (OpenAI on), held to the document like generated answers are: the model sees numbered
 * page excerpts and writes a few sentences, each backed by a verbatim quote from one excerpt. A sentence whose quote
 * is not found in its page is dropped; the kept ones point at the quote's page and span, so the summary stays
 * clickable. With no sentence left the caller keeps the extractive summary.
 */
import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { z } from "zod";
import type { PageText } from "./chunk";
import { findQuote, usageCost } from "./generated-answer";
import type { SummarySentence } from "./summary";

export const generatedSummarySchema = z.object({
  sentences: z.array(z.object({ text: z.string(), quote: z.string(), source: z.number().int() })),
});
export type GeneratedSummary = z.infer<typeof generatedSummarySchema>;

const SYSTEM = `You summarise one business document for the team that holds it, using only the numbered page excerpts given.
Write 2 to 4 short sentences in the document's language: what the document is, who the parties are, and the key dates,
amounts and ids. Every sentence must carry "quote": a passage copied exactly, character for character, from the one
excerpt it rests on, and "source": that excerpt's number. Never use outside knowledge.`;

/** One excerpt per page the model is shown: the first pages, then the pages the extractive summary drew on. */
export interface SummarySource {
  page: number;
  /** The start of the page's text (the excerpt begins at offset 0 of the page). */
  text: string;
}

const MAX_SOURCES = 8;
const PAGE_CHARS = 3000;
const TOTAL_CHARS = 16_000;

export function summarySources(pages: PageText[], extractive: SummarySentence[]): SummarySource[] {
  const wanted = [...new Set([...pages.slice(0, 5).map((p) => p.page), ...extractive.map((s) => s.page)])];
  const out: SummarySource[] = [];
  let total = 0;
  for (const n of wanted) {
    const p = pages.find((x) => x.page === n);
    if (!p || !p.text.trim()) continue;
    const text = p.text.slice(0, Math.min(PAGE_CHARS, TOTAL_CHARS - total));
    if (text.length < 40) break;
    out.push({ page: p.page, text });
    total += text.length;
    if (out.length >= MAX_SOURCES) break;
  }
  return out;
}

export interface CheckedSummary {
  sentences: SummarySentence[];
  dropped: number;
}

/** Keep the sentences whose quote is in their excerpt, each pointing at the quote's page and span. */
export function checkSummary(g: GeneratedSummary, sources: SummarySource[]): CheckedSummary {
  const sentences: SummarySentence[] = [];
  let dropped = 0;
  for (const s of g.sentences) {
    const src = sources[s.source - 1];
    const at = src ? findQuote(src.text, s.quote) : null;
    const text = s.text.trim();
    if (!src || !at || !text) {
      dropped++;
      continue;
    }
    sentences.push({ text, page: src.page, start: at.start, end: at.end, quote: src.text.slice(at.start, at.end) });
  }
  return { sentences, dropped };
}

export interface Summarizer {
  model: string;
  summarize(sources: SummarySource[]): Promise<{ summary: GeneratedSummary; tokens: number | null; costUsd: number | null }>;
}

export function createOpenAISummarizer(opts: { apiKey: string; baseURL?: string; model?: string; maxRetries?: number; timeoutMs?: number }): Summarizer {
  const model = opts.model ?? "gpt-4o-mini";
  const client = new OpenAI({ apiKey: opts.apiKey, baseURL: opts.baseURL, maxRetries: opts.maxRetries ?? 2, timeout: opts.timeoutMs ?? 60_000 });
  return {
    model,
    async summarize(sources) {
      const excerpts = sources.map((s, i) => `[${i + 1}] page ${s.page}:\n${s.text}`).join("\n\n");
      const completion = await client.chat.completions.create({
        model,
        temperature: 0,
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: `Excerpts:\n\n${excerpts}\n\nSummarise the document.` },
        ],
        response_format: zodResponseFormat(generatedSummarySchema, "cited_summary"),
      });
      const raw = completion.choices[0]?.message?.content ?? "";
      const parsed = generatedSummarySchema.safeParse(JSON.parse(raw || "{}"));
      if (!parsed.success) throw new Error(`the model's summary does not match the schema: ${parsed.error.issues[0]?.message}`);
      return { summary: parsed.data, ...usageCost(model, completion.usage) };
    },
  };
}

/** The summarizer when OpenAI is configured (the env object comes from lib/env.ts), else undefined. */
export function summarizerFromEnv(e: { OPENAI_API_KEY?: string; OPENAI_BASE_URL?: string; OPENAI_MODEL: string }): Summarizer | undefined {
  return e.OPENAI_API_KEY ? createOpenAISummarizer({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL }) : undefined;
}
