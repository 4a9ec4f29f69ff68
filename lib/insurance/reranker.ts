/**
 * Optional OpenAI re-ranker for rows in the review band: the offline matcher's top-5 candidates go to
 * the model in batches; it picks the candidate that is the same vehicle, or none. Any failure (rate
 * limit after retries, malformed reply, a code that was not offered) keeps the offline answer for the
 * rows concerned and is reported, so the offline path always stands on its own.
 */
import OpenAI from "openai";
import { z } from "zod";
import type { VehicleAttributes } from "./attributes";
import { DEFAULT_THRESHOLDS, type FleetRowInput, type MatchCandidate, type MatchResult, type MatchThresholds } from "./matcher";

export interface RerankItem {
  id: string;
  row: FleetRowInput;
  candidates: MatchCandidate[];
}

export interface RerankDecision {
  id: string;
  code: string | null;
  confidence: number;
  reason?: string;
  /** Attributes the model read from the row's words (same request); they only fill gaps in the offline extraction. */
  attributes?: VehicleAttributes;
  /** "openai" when the model decided; "offline" when its answer was unusable and the matcher's stands. */
  source: "openai" | "offline";
}

export interface RerankOutcome {
  decisions: RerankDecision[];
  /** Problems per batch, in words (rate limits, malformed replies, codes not offered). */
  errors: string[];
  requests: number;
}

export interface Reranker {
  rerank(items: readonly RerankItem[]): Promise<RerankOutcome>;
}

export interface OpenAIRerankerOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  /** Rows per request (default 20). */
  batchSize?: number;
  /** Client retries for 429/5xx (default 2; the client honours Retry-After). */
  maxRetries?: number;
  timeoutMs?: number;
}

// Each attribute is checked on its own: one the model gets wrong is dropped, the rest of the answer stands.
const loose = <T extends z.ZodType>(t: T) => t.nullish().catch(undefined);
const attributesSchema = z
  .object({
    doors: loose(z.number().int().min(2).max(5)),
    occupants: loose(z.number().int().min(1).max(60)),
    transmission: loose(z.enum(["AUT", "STD"])),
    displacement: loose(z.union([z.string(), z.number()]).transform(String).pipe(z.string().regex(/^\d\.\d$/))),
    cylinders: loose(z.union([z.literal(3), z.literal(4), z.literal(6), z.literal(8)])),
    turbo: loose(z.boolean()),
    cab: loose(z.enum(["DC", "CS", "CHASIS"])),
    traction: loose(z.enum(["4X2", "4X4", "AWD"])),
    fuel: loose(z.enum(["GASOLINA", "DIESEL", "HIBRIDO", "ELECTRICO"])),
    body: loose(z.string().trim().toUpperCase().max(20)),
  })
  .transform((a) => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined && v !== null)) as VehicleAttributes);

const replySchema = z.object({
  results: z.array(
    z.object({
      id: z.union([z.string(), z.number()]).transform(String),
      code: z.string().nullable(),
      confidence: z.number().min(0).max(1),
      reason: z.string().optional(),
      attributes: attributesSchema.optional().catch(undefined),
    }),
  ),
});

const SYSTEM_PROMPT = [
  "You code vehicles for a Mexican auto insurer. Each item is a broker's description of one vehicle",
  "(brand, model/submarca, model year, version words, maybe a VIN) and up to eight catalog candidates.",
  "Pick the candidate that is the same vehicle: same brand, model, model year and version (trim, engine,",
  "transmission, cab, traction). Abbreviations are common (AUT/TA/AT automatic, STD/TM manual, DC double cab,",
  "CS single cab, 4PTAS four doors, A/A air conditioning). If no candidate is that vehicle, answer null.",
  "Also read the attributes the row's own words state (leave out what they do not say): transmission AUT|STD, doors 2-5,",
  'displacement like "1.6", cylinders 3|4|6|8, turbo true, cab DC|CS|CHASIS, traction 4X2|4X4|AWD, fuel GASOLINA|DIESEL|HIBRIDO|ELECTRICO,',
  "occupants, body (SEDAN, HB, PICKUP, SUV, VAN...).",
  'Reply with JSON only: {"results":[{"id":"...","code":"<candidate code>"|null,"confidence":0..1,"reason":"...","attributes":{...}}]}',
  "with one result per item and the item's id unchanged.",
].join(" ");

function offline(item: RerankItem): RerankDecision {
  const top = item.candidates[0];
  return { id: item.id, code: top?.code ?? null, confidence: top?.score ?? 0, source: "offline" };
}

export function createOpenAIReranker(options: OpenAIRerankerOptions): Reranker {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 30_000,
  });
  const model = options.model ?? "gpt-4o-mini";
  const batchSize = Math.max(1, options.batchSize ?? 20);

  async function ask(batch: readonly RerankItem[]): Promise<{ reply?: z.infer<typeof replySchema>; error?: string }> {
    const payload = batch.map((it) => ({
      id: it.id,
      row: Object.fromEntries(Object.entries(it.row).filter(([, v]) => v !== null && v !== undefined && v !== "")),
      candidates: it.candidates.map((c) => ({ code: c.code, year: c.year, description: c.description })),
    }));
    const completion = await client.chat.completions.create({
      model,
      temperature: 0,
      response_format: { type: "json_object" },
      messages: [
        { role: "system", content: SYSTEM_PROMPT },
        { role: "user", content: JSON.stringify({ items: payload }) },
      ],
    });
    const content = completion.choices[0]?.message?.content ?? "";
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch {
      return { error: `the model's reply is not JSON (${content.slice(0, 60)}…)` };
    }
    const parsed = replySchema.safeParse(json);
    if (!parsed.success) return { error: `the model's reply does not have the expected shape (${parsed.error.issues[0]?.message ?? "invalid"})` };
    return { reply: parsed.data };
  }

  return {
    async rerank(items) {
      const decisions: RerankDecision[] = [];
      const errors: string[] = [];
      let requests = 0;
      for (let start = 0; start < items.length; start += batchSize) {
        const batch = items.slice(start, start + batchSize);
        const label = `batch ${start / batchSize + 1} (rows ${batch[0].id}…${batch[batch.length - 1].id})`;
        let outcome: Awaited<ReturnType<typeof ask>> = {};
        // one more try when the reply is malformed; rate limits are retried by the client itself
        for (let attempt = 0; attempt < 2; attempt++) {
          requests++;
          try {
            outcome = await ask(batch);
          } catch (e) {
            const status = e instanceof OpenAI.APIError ? e.status : undefined;
            outcome = { error: status === 429 ? "rate limited by the API after retries" : `request failed: ${(e as Error).message}` };
            break;
          }
          if (outcome.reply) break;
        }
        if (!outcome.reply) {
          errors.push(`${label}: ${outcome.error}; kept the offline matches`);
          decisions.push(...batch.map(offline));
          continue;
        }
        const byId = new Map(outcome.reply.results.map((r) => [r.id, r]));
        for (const item of batch) {
          const r = byId.get(item.id);
          if (!r) {
            errors.push(`${label}: no answer for row ${item.id}; kept the offline match`);
            decisions.push(offline(item));
          } else if (r.code !== null && !item.candidates.some((c) => c.code === r.code)) {
            errors.push(`${label}: row ${item.id} got code ${r.code}, which was not a candidate; kept the offline match`);
            decisions.push(offline(item));
          } else {
            const attributes = r.attributes && Object.keys(r.attributes).length ? r.attributes : undefined;
            decisions.push({ id: item.id, code: r.code, confidence: Math.min(0.99, r.confidence), reason: r.reason, ...(attributes ? { attributes } : {}), source: "openai" });
          }
        }
      }
      return { decisions, errors, requests };
    },
  };
}

/** Rows the re-ranker should see: a proposed code below the auto threshold. */
export function inReviewBand(result: MatchResult, thresholds: MatchThresholds = DEFAULT_THRESHOLDS): boolean {
  return result.code !== null && result.confidence >= thresholds.review && result.confidence < thresholds.auto && !result.learned;
}

/**
 * Fold a re-ranker decision into a match result, recomputing the decision from the thresholds. Attributes the
 * model read fill only those the offline extraction did not find (never overwrite), and are named in the reason.
 */
export function applyRerank(result: MatchResult, d: RerankDecision, thresholds: MatchThresholds = DEFAULT_THRESHOLDS): MatchResult {
  if (d.source !== "openai") return result;
  const filled: string[] = [];
  const attributes = { ...result.attributes };
  for (const [k, v] of Object.entries(d.attributes ?? {}) as Array<[keyof VehicleAttributes, VehicleAttributes[keyof VehicleAttributes]]>) {
    if (v === undefined || attributes[k] !== undefined) continue;
    (attributes as Record<string, unknown>)[k] = v;
    filled.push(`${k} ${String(v)}`);
  }
  const readByModel = filled.length ? `; model read ${filled.join(", ")}` : "";
  const confidence = Math.round(d.confidence * 1000) / 1000;
  const decision = d.code === null || confidence < thresholds.review ? "no_match" : confidence >= thresholds.auto ? "auto" : "review";
  return {
    ...result,
    code: decision === "no_match" ? null : d.code,
    confidence,
    decision,
    attributes,
    reason: (d.reason ? `re-ranked by OpenAI: ${d.reason}` : "re-ranked by OpenAI") + readByModel,
  };
}
