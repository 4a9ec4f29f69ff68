/**
 * Optional OpenAI opinion on a broker file's column mapping (wizard step 2, only with OPENAI_API_KEY set).
 * All columns go to the model in one request with a few sample values each; it answers per column a
 * fleet field or null, a confidence and a reason. The answer is attached to the offline suggestion as
 * extra evidence and never changes the suggested field: the person in the wizard decides. Any failure
 * (rate limit after retries, request error, malformed reply) returns the offline suggestions unchanged
 * with a message saying what went wrong.
 */
import OpenAI from "openai";
import { z } from "zod";
import { FIELD_LABELS, FLEET_FIELDS, type FleetField } from "./fields";
import type { MappingSuggestion } from "./mapping";
import { cellText, isBlankRow, type Cell, type Workbook } from "./workbook";

export interface ModelColumnOpinion {
  field: FleetField | null;
  confidence: number;
  reason: string;
  /** The model names another field than a confident (≥ 0.8) offline suggestion: shown, never applied. */
  disagrees: boolean;
}

export type ModelMappingSuggestion = MappingSuggestion & { model?: ModelColumnOpinion };

export interface ModelMappingOutcome {
  suggestions: ModelMappingSuggestion[];
  /** "openai" when the model's opinions are attached; "offline" when they could not be had. */
  source: "openai" | "offline";
  /** What went wrong, or which columns the model skipped; null when every column got an opinion. */
  message: string | null;
  requests: number;
}

export interface ModelMappingOptions {
  apiKey: string;
  baseURL?: string;
  model?: string;
  /** Client retries for 429/5xx (default 2; the client honours Retry-After). */
  maxRetries?: number;
  timeoutMs?: number;
  /** Sample values per column sent to the model (default 8). */
  sampleSize?: number;
}

export interface ModelMappingInput {
  /** The sample rows under the header row (as in the file). */
  sampleRows: readonly (readonly Cell[])[];
  /** The offline suggestions (suggestMapping / suggestProfile), one per column. */
  offline: readonly MappingSuggestion[];
}

/** Offline suggestions this confident are the matcher's own call; the model can only disagree. */
export const CONFIDENT_OFFLINE = 0.8;

const replySchema = z.object({
  columns: z.array(
    z.object({
      index: z.number().int().min(0),
      field: z.enum(FLEET_FIELDS).nullable(),
      confidence: z.number().min(0).max(1),
      reason: z.string().max(500).default(""),
    }),
  ),
});

const SYSTEM_PROMPT = [
  "You map the columns of a broker's vehicle fleet spreadsheet (Mexican auto insurance, usually Spanish headers)",
  "to canonical fields. Fields: " + FLEET_FIELDS.map((f) => `${f} (${FIELD_LABELS[f]})`).join(", ") + ".",
  'Note: in Mexican files "MODELO" usually holds the model year when its values are years, the submarca otherwise;',
  '"SERIE"/"NIV" is the VIN; "SUMA ASEGURADA" the insured value; "PRIMA" the premium.',
  "Each field goes to at most one column; use null for columns that are none of these fields.",
  'Reply with JSON only: {"columns":[{"index":<column index>,"field":"<field>"|null,"confidence":0..1,"reason":"<short>"}]}',
  "with one entry per column given, index unchanged.",
].join(" ");

function clip(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

function unchanged(offline: readonly MappingSuggestion[], message: string, requests: number): ModelMappingOutcome {
  return { suggestions: offline.map((s) => ({ ...s })), source: "offline", message, requests };
}

/**
 * Ask the model for its mapping of every column in one request and attach its opinion to each offline
 * suggestion (`model`). The offline field and confidence are kept as they are.
 */
export async function suggestMappingWithModel(input: ModelMappingInput, options: ModelMappingOptions): Promise<ModelMappingOutcome> {
  const { offline, sampleRows } = input;
  if (!offline.length) return { suggestions: [], source: "offline", message: "There are no columns to ask the model about.", requests: 0 };
  const sampleSize = Math.max(1, options.sampleSize ?? 8);
  const columns = offline.map((s) => {
    const values: string[] = [];
    for (const row of sampleRows) {
      const t = cellText(row[s.index] ?? null);
      if (t) values.push(clip(t));
      if (values.length >= sampleSize) break;
    }
    return { index: s.index, header: s.column, values };
  });
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
  });
  let content: string;
  try {
    const completion = await client.chat.completions.create({
      model: options.model ?? "gpt-4o-mini",
      temperature: 0,
      response_format: { type: "json_object" },
      messages: [
        { role: "system", content: SYSTEM_PROMPT },
        { role: "user", content: JSON.stringify({ columns }) },
      ],
    });
    content = completion.choices[0]?.message?.content ?? "";
  } catch (e) {
    const status = e instanceof OpenAI.APIError ? e.status : undefined;
    const why = status === 429 ? "the OpenAI API kept rate-limiting the request" : `the OpenAI request failed (${(e as Error).message})`;
    return unchanged(offline, `No model suggestions: ${why}. The offline suggestions stand.`, 1);
  }
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return unchanged(offline, `No model suggestions: the model's reply is not JSON (${clip(content, 60)}). The offline suggestions stand.`, 1);
  }
  const parsed = replySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return unchanged(offline, `No model suggestions: the model's reply does not have the expected shape (${where}${issue?.message ?? "invalid"}). The offline suggestions stand.`, 1);
  }
  const byIndex = new Map<number, z.infer<typeof replySchema>["columns"][number]>();
  for (const c of parsed.data.columns) if (!byIndex.has(c.index)) byIndex.set(c.index, c);
  const missing: string[] = [];
  const suggestions = offline.map((s): ModelMappingSuggestion => {
    const m = byIndex.get(s.index);
    if (!m) {
      missing.push(s.column);
      return { ...s };
    }
    const confidence = Math.round(m.confidence * 100) / 100;
    const disagrees = s.field !== null && s.confidence >= CONFIDENT_OFFLINE && m.field !== s.field;
    return { ...s, model: { field: m.field, confidence, reason: clip(m.reason.trim(), 200), disagrees } };
  });
  const message = missing.length ? `The model gave no opinion on ${missing.length === 1 ? "column" : "columns"} ${missing.map((c) => `"${c}"`).join(", ")}.` : null;
  return { suggestions, source: "openai", message, requests: 1 };
}

/** "model: brand (90%) — the values are brands", for evidence lists. */
export function describeModelOpinion(m: ModelColumnOpinion): string {
  const what = m.field ? `${m.field} (${Math.round(m.confidence * 100)}%)` : `no field (${Math.round(m.confidence * 100)}%)`;
  return `model: ${what}${m.reason ? ` — ${m.reason}` : ""}${m.disagrees ? " [disagrees with the offline match, which is kept]" : ""}`;
}

/**
 * The sample rows under a suggested profile's header (the sheet named by the profile, else the first),
 * blank rows skipped: what suggestProfile looked at, for the model to see the same values.
 */
export function sampleRowsUnderHeader(workbook: Workbook, profile: { sheet: { name?: string }; headerRow: number | "auto" }, limit = 30): Cell[][] {
  const name = profile.sheet.name?.trim().toLowerCase();
  const sheet = (name ? workbook.sheets.find((s) => s.name.trim().toLowerCase() === name) : undefined) ?? workbook.sheets[0];
  if (!sheet || profile.headerRow === "auto") return [];
  return sheet.rows.slice(profile.headerRow, profile.headerRow + limit * 2).filter((r) => !isBlankRow(r)).slice(0, limit);
}
