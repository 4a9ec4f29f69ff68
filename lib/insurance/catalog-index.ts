/**
 * In-memory index over a vehicle catalog for the offline matcher:
 * brand → model (submarca) → year → entries, a trigram index over model names for typo lookup,
 * and an inverted token index per brand for rows whose model cannot be found.
 */
import { attributesFromTokens, type VehicleAttributes } from "./attributes";
import type { CatalogEntry } from "./catalog";
import { BRAND_ALIASES, nameKey, NOISE_WORDS, normalizeTokens, trigrams } from "./text";

export interface IndexedEntry {
  entry: CatalogEntry;
  brandKey: string;
  modelKey: string;
  /** Version tokens (description and version minus brand, model and year), deduplicated. */
  tokens: string[];
  tokenSet: Set<string>;
  /** log(probability a broker omits the word), aligned with `tokens`. */
  omitLog: number[];
  attrs: VehicleAttributes;
}

export interface ModelInfo {
  key: string;
  name: string;
  brandKey: string;
  /** Normalized tokens of the model name (e.g. GRAND, CHEROKEE). */
  nameTokens: string[];
  byYear: Map<number, number[]>;
  all: number[];
  /** Models of the same brand whose name starts with this one's words (KICKS → KICKS E-POWER). */
  extensions: ModelInfo[];
}

export interface BrandInfo {
  key: string;
  name: string;
  models: Map<string, ModelInfo>;
  /** Version and model-name word → the brand's models that carry it (a trim written as the model: GTI → GOLF). */
  tokenModels: Map<string, Set<ModelInfo>>;
}

export interface CatalogIndex {
  entries: IndexedEntry[];
  /** `${brandKey}|${year}` → entry indexes (candidates for rows whose model is unknown). */
  byBrandYear: Map<string, number[]>;
  brands: Map<string, BrandInfo>;
  modelsByKey: Map<string, ModelInfo[]>;
  modelTrigrams: Map<string, ModelInfo[]>;
  byCode: Map<string, IndexedEntry>;
  /** Every version token in the catalog: a row token outside it cannot be a typo-free version word. */
  vocabulary: Set<string>;
  /** Longest model name in tokens (for span lookup). */
  maxModelSpan: number;
}

export function entryTokens(entry: CatalogEntry, modelNameTokens: readonly string[], brandKey: string): string[] {
  const drop = new Set(modelNameTokens);
  drop.add(nameKey(entry.model));
  const seen = new Set<string>();
  const out: string[] = [];
  const toks = normalizeTokens(`${entry.version} ${entry.description}`);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (drop.has(t) || NOISE_WORDS.has(t) || t === String(entry.year)) continue;
    if ((BRAND_ALIASES[t] ?? t) === brandKey) continue;
    // a model name split over two tokens in the description (CR V)
    if (i + 1 < toks.length && drop.has(t + toks[i + 1])) {
      i++;
      continue;
    }
    if (!seen.has(t)) {
      seen.add(t);
      out.push(t);
    }
  }
  return out;
}

/**
 * How often brokers leave a catalog word out of their description, by kind of word. A candidate
 * whose extra words are easily omitted (doors, equipment) stays plausible; one whose trim or engine
 * the row does not mention becomes unlikely.
 */
export function omissionProbability(t: string): number {
  if (/^[2-5]P$/.test(t) || /^\d+OCUP$/.test(t) || /^\dCIL$/.test(t)) return 0.5;
  if (EQUIPMENT.has(t) || BODY_WORDS.has(t)) return 0.45;
  if (t === "TURBO" || GEARBOX_NAMES.has(t)) return 0.3;
  if (t === "PAQSEG") return 0.2;
  if (/^\d\.\dL$/.test(t) || DRIVETRAIN.has(t)) return 0.15;
  if (t === "AUT" || t === "STD") return 0.1;
  return 0.08;
}

const EQUIPMENT = new Set(["AC", "BA", "ABS", "EE", "PIEL", "QC", "NAVI", "RA", "CD"]);
const DRIVETRAIN = new Set(["DC", "CS", "CHASIS", "4X2", "4X4", "AWD", "DIESEL", "GASOLINA", "HIBRIDO", "ELECTRICO"]);
const BODY_WORDS = new Set(["SEDAN", "HB", "SUV", "PICKUP", "VAN", "COUPE", "WAGON", "CONVERTIBLE"]);
const GEARBOX_NAMES = new Set(["CVT", "DSG", "TIPTRONIC", "STEPTRONIC", "DCT", "PDK"]);

export function buildCatalogIndex(entries: readonly CatalogEntry[]): CatalogIndex {
  // the same version text repeats for every model year: tokenize it once
  const tokenCache = new Map<string, { tokens: string[]; tokenSet: Set<string>; omitLog: number[]; attrs: VehicleAttributes }>();
  const index: CatalogIndex = {
    entries: [],
    byBrandYear: new Map(),
    brands: new Map(),
    modelsByKey: new Map(),
    modelTrigrams: new Map(),
    byCode: new Map(),
    vocabulary: new Set(),
    maxModelSpan: 1,
  };
  const keyCache = new Map<string, string>();
  const cachedKey = (s: string) => {
    let k = keyCache.get(s);
    if (k === undefined) {
      k = nameKey(s);
      keyCache.set(s, k);
    }
    return k;
  };
  for (const entry of entries) {
    const brandKey = cachedKey(entry.brand);
    const canonicalBrand = BRAND_ALIASES[brandKey] ?? brandKey;
    let brand = index.brands.get(canonicalBrand);
    if (!brand) {
      brand = { key: canonicalBrand, name: entry.brand.trim().toUpperCase(), models: new Map(), tokenModels: new Map() };
      index.brands.set(canonicalBrand, brand);
    }
    const modelKey = cachedKey(entry.model);
    let model = brand.models.get(modelKey);
    if (!model) {
      const nameTokens = normalizeTokens(entry.model);
      model = { key: modelKey, name: entry.model.trim().toUpperCase(), brandKey: canonicalBrand, nameTokens, byYear: new Map(), all: [], extensions: [] };
      brand.models.set(modelKey, model);
      const list = index.modelsByKey.get(modelKey) ?? [];
      list.push(model);
      index.modelsByKey.set(modelKey, list);
      for (const g of trigrams(modelKey)) {
        const l = index.modelTrigrams.get(g) ?? [];
        l.push(model);
        index.modelTrigrams.set(g, l);
      }
      if (nameTokens.length > index.maxModelSpan) index.maxModelSpan = nameTokens.length;
      for (const t of nameTokens) addTokenModel(brand, t, model);
    }
    const cacheKey = `${canonicalBrand}|${modelKey}|${entry.body}|${entry.version}|${entry.description}`;
    let cached = tokenCache.get(cacheKey);
    if (!cached) {
      const tokens = entryTokens(entry, model.nameTokens, canonicalBrand);
      const bodyAttrs = attributesFromTokens(normalizeTokens(entry.body));
      const attrs = attributesFromTokens(tokens);
      if (attrs.body === undefined) attrs.body = bodyAttrs.body;
      cached = { tokens, tokenSet: new Set(tokens), omitLog: tokens.map((t) => Math.log(omissionProbability(t))), attrs };
      tokenCache.set(cacheKey, cached);
      for (const t of tokens) addTokenModel(brand, t, model);
    }
    const { tokens, tokenSet, omitLog, attrs } = cached;
    const i = index.entries.length;
    const ie: IndexedEntry = { entry, brandKey: canonicalBrand, modelKey, tokens, tokenSet, omitLog, attrs };
    const by = `${canonicalBrand}|${entry.year}`;
    const byList = index.byBrandYear.get(by) ?? [];
    byList.push(i);
    index.byBrandYear.set(by, byList);
    index.entries.push(ie);
    if (!index.byCode.has(entry.code)) index.byCode.set(entry.code, ie);
    model.all.push(i);
    const yl = model.byYear.get(entry.year) ?? [];
    yl.push(i);
    model.byYear.set(entry.year, yl);
    for (const t of tokens) index.vocabulary.add(t);
  }
  for (const brand of index.brands.values()) {
    for (const m of brand.models.values()) {
      for (const other of brand.models.values()) {
        if (other !== m && other.nameTokens.length > m.nameTokens.length && m.nameTokens.every((t, i) => other.nameTokens[i] === t)) m.extensions.push(other);
      }
    }
  }
  return index;
}

function addTokenModel(brand: BrandInfo, token: string, model: ModelInfo) {
  const set = brand.tokenModels.get(token);
  if (set) set.add(model);
  else brand.tokenModels.set(token, new Set([model]));
}
