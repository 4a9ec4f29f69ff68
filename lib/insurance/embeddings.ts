/**
 * Catalog embeddings (OpenAI on only): what the offline matcher cannot find by name — a broker who writes
 * "CAMIONETA DOBLE CABINA" for an NP300, a model spelled beyond typo reach — is looked up by meaning among the
 * catalog's version texts of the row's brand and year, and the hits become candidates for the re-ranker.
 *
 * One vector per distinct version text (brand, model, version, description; the year is left out because the
 * same text repeats for every model year and years are filtered exactly). Vectors are unit length, so cosine
 * similarity is a dot product in process and `1 - (a <=> b)` in pgvector.
 */
import OpenAI from "openai";
import type { CatalogEntry } from "./catalog";
import type { FleetRowInput } from "./matcher";
import { normalizeTokens } from "./text";

export interface Embedder {
  /** "model@dimensions": stored with a catalog's vectors; vectors made with another setting are not used. */
  readonly model: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

export interface OpenAIEmbedderOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  dimensions?: number;
  /** Texts per request (default 512; the API takes up to 2,048). */
  batchSize?: number;
  maxRetries?: number;
  timeoutMs?: number;
}

export class EmbeddingError extends Error {
  override name = "EmbeddingError";
}

export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: options.maxRetries ?? 3, timeout: options.timeoutMs ?? 60_000 });
  const name = options.model ?? "text-embedding-3-small";
  const dimensions = options.dimensions ?? 256;
  const batchSize = Math.max(1, Math.min(2048, options.batchSize ?? 512));
  return {
    model: `${name}@${dimensions}`,
    dimensions,
    async embed(texts) {
      const out: Float32Array[] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        let res;
        try {
          res = await client.embeddings.create({ model: name, input: batch as string[], dimensions });
        } catch (err) {
          const status = err instanceof OpenAI.APIError && err.status ? ` (HTTP ${err.status})` : "";
          throw new EmbeddingError(`Embedding texts ${start + 1}–${start + batch.length} failed${status}: ${(err as Error).message}`);
        }
        if (res.data.length !== batch.length) {
          throw new EmbeddingError(`The embeddings API returned ${res.data.length} vectors for ${batch.length} texts.`);
        }
        const ordered = [...res.data].sort((a, b) => a.index - b.index);
        for (const d of ordered) {
          const v = Float32Array.from(d.embedding as ArrayLike<number>);
          if (v.length !== dimensions) throw new EmbeddingError(`The embeddings API returned ${v.length} dimensions; ${dimensions} were asked for.`);
          out.push(unit(v));
        }
      }
      return out;
    },
  };
}

/** The embedder the environment asks for, or none (OpenAI off, or OPENAI_EMBEDDING_MODEL=off). */
export function embedderFromEnv(e: {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  OPENAI_EMBEDDING_MODEL: string;
  OPENAI_EMBEDDING_DIMENSIONS: number;
}): Embedder | undefined {
  if (!e.OPENAI_API_KEY || e.OPENAI_EMBEDDING_MODEL === "off") return undefined;
  return createOpenAIEmbedder({ apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_EMBEDDING_MODEL, dimensions: e.OPENAI_EMBEDDING_DIMENSIONS });
}

export function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Normalized words, each once, in order; model years are left out (they are filtered exactly instead). */
function embeddingWords(parts: Array<string | number | null | undefined>): string {
  const seen = new Set<string>();
  for (const p of parts) for (const t of normalizeTokens(String(p ?? ""))) if (!/^(19|20)\d\d$/.test(t) && t !== "MOD" && t !== "MODELO") seen.add(t);
  return [...seen].join(" ");
}

/** The text embedded for a catalog entry (and the key that ties a vector back to its entries). */
export function entryEmbeddingText(e: Pick<CatalogEntry, "brand" | "model" | "version" | "description">): string {
  return embeddingWords([e.brand, e.model, e.version, e.description]);
}

/** The text embedded for a broker row: the same words, never the year or the VIN. */
export function rowEmbeddingText(row: FleetRowInput): string {
  return embeddingWords([row.brand, row.model, row.version, row.description].map((p) => String(p ?? "").replace(/\b[A-HJ-NPR-Z0-9]{17}\b/gi, " ")));
}
