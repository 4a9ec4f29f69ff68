/**
 * The vehicle as the quote file states it. Once a row has a code, the insurer's catalog entry is the authority for
 * what the insurer's system reads back: its brand, model (submarca), version, model year and body, spelt the
 * catalog's way ("VOLKSWAGEN" for a broker's "V.W.", "MERCEDES BENZ" for "MERCEDES-BENZ"). The broker's own writing
 * stays in `canonical` (what the app shows). The use (USO) is the one field where the broker may know better than the
 * catalog (a sedan used as a taxi): a use the broker gave is kept, one the broker left blank comes from the catalog
 * entry, and a broker's use that contradicts the entry is kept but flagged for a reviewer, naming both values.
 */
import type { CatalogEntry } from "./catalog";
import type { MatchResult } from "./matcher";
import { normalizePlate } from "./policy-terms";
import { basicUpper } from "./text";

/** What the quote file needs of a catalog entry. */
export type QuoteCatalogEntry = Omit<CatalogEntry, "description">;

/** Source paths of the quote file's vehicle columns: `vehicle.<field>`. */
export interface QuoteVehicle {
  brand: string;
  model: string;
  version: string;
  year: number | string;
  body: string;
  use: string;
  vin: string;
  /** The plate without spaces, hyphens or dots, upper case; "" when the broker gave none or one that cannot be a plate. */
  plate: string;
}

/** Kinds of use the trade tells apart; a broker's word and the catalog's word of the same kind agree. */
export type UseKind = "PARTICULAR" | "CARGA" | "SERVICIO PUBLICO";

/** Words (normalized: upper case, no accents or punctuation) for each kind of use in Mexican fleet lists and catalogs. */
const USE_WORDS: Record<UseKind, string[]> = {
  PARTICULAR: ["PARTICULAR", "PART", "PERSONAL", "PRIVADO", "PRIVATE", "USO PARTICULAR", "USO PERSONAL"],
  CARGA: ["CARGA", "CARGO", "CARGA LIGERA", "CARGA PESADA", "CARGA GENERAL", "USO CARGA", "UTILITARIO", "UTILITARIA", "REPARTO", "TRANSPORTE DE CARGA"],
  "SERVICIO PUBLICO": [
    "SERVICIO PUBLICO", "SERV PUBLICO", "SERV PUB", "PUBLICO", "PASAJE", "PASAJEROS", "TRANSPORTE DE PASAJEROS", "TRANSPORTE PUBLICO", "TAXI",
    "RUTA", "COLECTIVO",
  ],
};
// Words that name no single kind (COMERCIAL: goods or a salesperson's car; PLATAFORMA; RENTA) stay as the broker wrote
// them, and differ from any catalog use they are not spelt like.

const KIND_BY_WORD = new Map<string, UseKind>();
for (const [kind, words] of Object.entries(USE_WORDS) as Array<[UseKind, string[]]>) for (const w of words) KIND_BY_WORD.set(w, kind);

const wordKey = (s: string) => basicUpper(s).replace(/[^A-Z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();

/** The kind of use a word names ("utilitario" → CARGA, "pasaje" → SERVICIO PUBLICO); null for a word the trade does not settle. */
export function kindOfUse(word: string | null | undefined): UseKind | null {
  const k = wordKey(word ?? "");
  return k ? (KIND_BY_WORD.get(k) ?? KIND_BY_WORD.get(k.replace(/^USO /, "")) ?? null) : null;
}

/** Two use words agree when they are spelt alike or name the same kind of use. */
export function sameUse(a: string, b: string): boolean {
  if (wordKey(a) === wordKey(b)) return true;
  const ka = kindOfUse(a);
  return ka !== null && ka === kindOfUse(b);
}

export interface UseConflict {
  rowNumber: number;
  code: string;
  /** The broker's use as written (normalized by the profile). */
  broker: string;
  /** The catalog entry's use. */
  catalog: string;
}

/** The review reason for a conflicting use: names the row, the code and both values, and what the quote file writes. */
export function conflictingUseReason(c: UseConflict): string {
  return (
    `row ${c.rowNumber}: the broker's use "${c.broker}" differs from the catalog's "${c.catalog}" for code ${c.code}; ` +
    `the quote file keeps the broker's "${c.broker}" — confirm the use with the broker or correct the code`
  );
}

const text = (v: unknown) => (v === null || v === undefined ? "" : String(v).trim());

/** What the matcher read of a row (ParsedAttributes): brand and model as the catalog spells them, year, VIN. */
export interface MatcherReading {
  brand?: string;
  model?: string;
  year?: number;
  vin?: string;
}

/**
 * The broker's use in the insurer's words: the catalog's own spelling of the same kind of use when the catalog has
 * one ("PASAJE" → "SERVICIO PUBLICO" when the catalog says so), else as the broker wrote it.
 */
export function catalogWordForUse(brokerUse: string, catalogUses: readonly string[]): string {
  const kind = kindOfUse(brokerUse);
  if (!kind) return brokerUse;
  const exact = catalogUses.find((u) => wordKey(u) === wordKey(brokerUse));
  if (exact) return exact;
  return catalogUses.find((u) => kindOfUse(u) === kind) ?? brokerUse;
}

/**
 * The quote file's vehicle for one row: the catalog entry's values once the row has a code, the broker's otherwise;
 * the use as described above, with the conflict (if any) to flag. `catalogUses` is the catalog's use vocabulary
 * (distinct values), so a broker's word is written the insurer's way; `read` is what the matcher read of a row
 * (its stored attributes): for a row without a code, the brand and model in the catalog's spelling where it found
 * them ("VOLKWAGEN" read as VOLKSWAGEN), the year where the broker wrote it only in the text, and a VIN from the text.
 */
export function quoteVehicle(
  row: { rowNumber: number; canonical: Record<string, unknown>; read?: MatcherReading | null },
  entry: QuoteCatalogEntry | null | undefined,
  catalogUses: readonly string[] = [],
): { vehicle: QuoteVehicle; useConflict: UseConflict | null } {
  const c = row.canonical;
  const read = row.read;
  const brokerUse = text(c.use);
  const entryUse = text(entry?.use);
  let use = brokerUse ? catalogWordForUse(brokerUse, catalogUses) : entryUse;
  let useConflict: UseConflict | null = null;
  if (brokerUse && entry && entryUse) {
    if (sameUse(brokerUse, entryUse)) use = entryUse;
    else useConflict = { rowNumber: row.rowNumber, code: entry.code, broker: brokerUse, catalog: entryUse };
  }
  const plate = normalizePlate(c.plate).value ?? "";
  const vehicle: QuoteVehicle = entry
    ? { brand: entry.brand, model: entry.model, version: entry.version, year: entry.year, body: entry.body || text(c.body), use, vin: text(c.vin) || text(read?.vin), plate }
    : {
        brand: text(read?.brand) || text(c.brand),
        model: text(read?.model) || text(c.model),
        version: text(c.version),
        year: c.year === undefined || c.year === null || c.year === "" ? (read?.year ?? "") : (c.year as number | string),
        body: text(c.body),
        use,
        vin: text(c.vin) || text(read?.vin),
        plate,
      };
  return { vehicle, useConflict };
}

/**
 * A match whose code's catalog entry contradicts the broker's use goes to a reviewer (an auto-accepted code becomes a
 * proposal), the reason naming the row and both values; the code and its confidence stand.
 */
export function flagUseConflict(result: MatchResult, conflict: UseConflict | null): MatchResult {
  if (!conflict || !result.code) return result;
  return {
    ...result,
    decision: result.decision === "auto" ? "review" : result.decision,
    reason: [result.reason, conflictingUseReason(conflict)].filter(Boolean).join("; "),
  };
}
