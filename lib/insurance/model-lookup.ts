/**
 * Finding the model (submarca) a broker row names, within the brand's own model vocabulary:
 * exact name (column, then description), words in another order (TORNADO PICK UP, FE SANTA), a misspelt name
 * (edit distance over trigram-retrieved names: SENTARA, TACMOA, AVOE, OIX), a partial name (SIERRA for the SIERRA
 * family, 1500 under RAM, EVOQUE), a number glued to the maker (HINO500, FIAT500), and a trim or version written
 * as the model (GTI, SRT, C 300) found through the catalog's versions. Several models may come back (a family):
 * the version words then decide between them.
 */
import type { CatalogIndex, ModelInfo } from "./catalog-index";
import { editDistance, NOISE_WORDS, trigrams, typoBudget } from "./text";

export type ModelReading = "exact" | "word_order" | "typo" | "partial" | "trim" | "family";

export interface ModelResolution {
  model: ModelInfo;
  /** Every model the row may mean (the first is `model`); more than one when the name is partial or a trim. */
  models: ModelInfo[];
  quality: number;
  how: ModelReading;
  /** The row's words that were read as the model (for the reviewer). */
  read: string;
  /** Description token indexes forming the model name. */
  descSpan: Set<number>;
  /** Model-column token indexes forming the model name. */
  colSpan: Set<number>;
}

type Lookup = (key: string) => ModelInfo | undefined;

function exactSpan(tokens: string[], maxSpan: number, lookup: Lookup, skip: Set<number>) {
  for (let span = Math.min(maxSpan + 1, tokens.length); span >= 1; span--) {
    for (let i = 0; i + span <= tokens.length; i++) {
      let blocked = false;
      for (let j = i; j < i + span; j++) if (skip.has(j)) blocked = true;
      if (blocked) continue;
      const key = tokens.slice(i, i + span).join("");
      if (/^\d{1,2}$/.test(key)) continue;
      const m = lookup(key);
      if (m) return { model: m, span: new Set(Array.from({ length: span }, (_, k) => i + k)) };
    }
  }
  return null;
}

/**
 * Typo distance between a row's words and a model name, or null when they are not the same name.
 * Digits must match exactly (CX-30 is not MX-30) and so must one-letter words (CLASE C is not CLASE G);
 * a three-letter word may differ by one letter from a longer name only within a known brand (OIX → ONIX).
 */
function modelNameDistance(words: string[], model: ModelInfo, brandKnown: boolean): number | null {
  const names = model.nameTokens;
  const minLen = brandKnown ? 3 : 4;
  if (words.length === names.length) {
    let total = 0;
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      const n = names[i];
      if (w === n) continue;
      if (/\d/.test(w) || /\d/.test(n) || w.length < minLen || n.length < 4) return null;
      const budget = Math.max(1, Math.min(typoBudget(w.length), typoBudget(n.length)));
      const d = editDistance(w, n, budget);
      if (d > budget) return null;
      total += d;
    }
    return total;
  }
  const q = words.join("");
  if (/\d/.test(q) || /\d/.test(model.key) || q.length < 5 || model.key.length < 5) return null;
  const budget = Math.min(typoBudget(q.length), typoBudget(model.key.length));
  const d = editDistance(q, model.key, budget);
  return d <= budget ? d : null;
}

function fuzzyModel(index: CatalogIndex, brandKeys: readonly string[], words: string[]): ModelInfo | null {
  const query = words.join("");
  if (query.length < (brandKeys.length ? 3 : 4)) return null;
  const seen = new Set<ModelInfo>();
  let best: ModelInfo | null = null;
  let bestD = Infinity;
  let tie = false;
  for (const g of trigrams(query)) {
    for (const m of index.modelTrigrams.get(g) ?? []) {
      if (seen.has(m)) continue;
      seen.add(m);
      if (brandKeys.length && !brandKeys.includes(m.brandKey)) continue;
      const d = modelNameDistance(words, m, brandKeys.length > 0);
      if (d === null || d === 0) continue;
      if (d < bestD) {
        bestD = d;
        best = m;
        tie = false;
      } else if (d === bestD && best && best.key !== m.key) tie = true;
    }
  }
  return tie ? null : best;
}

/** Models of the brands whose name contains every given word (SIERRA → SIERRA, SIERRA 2500; 1500 → RAM 1500). */
function partialModels(index: CatalogIndex, brandKeys: readonly string[], words: string[]): ModelInfo[] {
  const out: ModelInfo[] = [];
  if (!words.length || words.every((w) => /^\d{1,2}$/.test(w) || w.length < 2)) return out;
  const key = words.join("");
  for (const b of brandKeys) {
    for (const m of index.brands.get(b)?.models.values() ?? []) {
      const named = words.every((w) => m.nameTokens.includes(w));
      // the number of a glued name written alone: 250 for F-250
      const number = words.length === 1 && /^\d{3,}$/.test(key) && m.key.endsWith(key) && /[A-Z]$/.test(m.key.slice(0, -key.length));
      if (named || number || (key.length >= 4 && m.key.startsWith(key) && m.key !== key)) out.push(m);
    }
  }
  return out.length <= 6 ? out : [];
}

/**
 * Models whose catalog versions carry the words written in the model column (GTI → GOLF, C 300 → CLASE C): the
 * brand's own first; across all `brandKeys` when the row named a maker group (FCA ADVENTURE: RAM 700 or STRADA).
 */
function modelsByVersionWords(index: CatalogIndex, brandKeys: readonly string[], words: string[], acrossBrands: boolean): ModelInfo[] {
  const all: ModelInfo[] = [];
  for (const b of brandKeys) {
    const brand = index.brands.get(b);
    if (!brand) continue;
    let found: ModelInfo[] | null = null;
    for (const w of words) {
      if (NOISE_WORDS.has(w)) continue;
      const ms = brand.tokenModels.get(w);
      if (!ms) continue;
      found = found ? found.filter((m) => ms.has(m)) : [...ms];
    }
    if (found && found.length > 0 && found.length <= 4) {
      if (!acrossBrands) return found;
      all.push(...found);
    }
  }
  return all.length <= 4 ? all : [];
}

/** Same-brand models whose name extends the found one (KICKS → KICKS E-POWER): the row may mean either. */
function withExtensions(model: ModelInfo): ModelInfo[] {
  return model.extensions.length ? [model, ...model.extensions] : [model];
}

function permutations(words: string[]): string[][] {
  if (words.length === 2) return [[words[1], words[0]]];
  if (words.length === 3) return [[words[1], words[2], words[0]], [words[2], words[0], words[1]], [words[2], words[1], words[0]], [words[0], words[2], words[1]], [words[1], words[0], words[2]]];
  return [];
}

/**
 * Resolve the model. `brandKeys`: the brand first, then the brands of the same maker (empty when the brand is
 * unknown). A maker name glued to the model ("HINO500") is split by the caller.
 */
export function resolveModel(
  index: CatalogIndex,
  brandKeys: readonly string[],
  colTokens: string[],
  descTokens: string[],
  descSkip: Set<number>,
  allowTypos = true,
  /** The row named a maker group: a trim written as the model may belong to any of its brands. */
  groupSearch = false,
): ModelResolution | null {
  const lookup: Lookup = (key) => {
    for (const b of brandKeys) {
      const m = index.brands.get(b)?.models.get(key);
      if (m) return m;
    }
    if (!brandKeys.length) return index.modelsByKey.get(key)?.[0];
    return undefined;
  };
  const maxSpan = index.maxModelSpan;
  const range = (i: number, n: number) => new Set(Array.from({ length: n }, (_, k) => i + k));
  const none = new Set<number>();
  const colText = colTokens.join(" ");
  const res = (models: ModelInfo[], how: ModelReading, quality: number, read: string, descSpan: Set<number>, colSpan: Set<number>): ModelResolution => ({
    model: models[0],
    models,
    quality,
    how: how === "exact" && models.length > 1 ? "family" : how,
    read,
    descSpan,
    colSpan,
  });
  if (colTokens.length) {
    const whole = lookup(colTokens.join(""));
    if (whole) return res(withExtensions(whole), "exact", 1, colText, none, range(0, colTokens.length));
    for (const p of permutations(colTokens.filter((t) => t !== "PICKUP"))) {
      const m = lookup(p.join(""));
      if (m) return res([m], "word_order", 0.95, colText, none, range(0, colTokens.length));
    }
    const hit = exactSpan(colTokens, maxSpan, lookup, new Set());
    if (hit) return res(withExtensions(hit.model), "exact", 1, colText, none, hit.span);
  }
  const dHit = exactSpan(descTokens, maxSpan, lookup, descSkip);
  if (dHit) {
    const read = [...dHit.span].map((i) => descTokens[i]).join(" ");
    return res(withExtensions(dHit.model), "exact", 1, read, dHit.span, none);
  }
  if (!allowTypos) return null;
  // typo lookup: model column first
  for (let span = Math.min(maxSpan, colTokens.length); span >= 1; span--) {
    for (let i = 0; i + span <= colTokens.length; i++) {
      const f = fuzzyModel(index, brandKeys, colTokens.slice(i, i + span));
      if (f) return res([f], "typo", 0.9, colTokens.slice(i, i + span).join(" "), none, range(i, span));
    }
  }
  if (colTokens.length && brandKeys.length) {
    const words = colTokens.filter((t) => !NOISE_WORDS.has(t) && t !== "PICKUP");
    const partial = partialModels(index, brandKeys, words);
    if (partial.length) return res(partial, "partial", 0.9, colText, none, range(0, colTokens.length));
    const byTrim = modelsByVersionWords(index, brandKeys, words, groupSearch);
    // the words stay in the row's version words: they choose among the versions of these models
    if (byTrim.length) return res(byTrim, "trim", 0.9, colText, none, none);
  }
  // description words the catalog does not know as version words
  for (let i = 0; i < descTokens.length; i++) {
    const t = descTokens[i];
    if (descSkip.has(i) || index.vocabulary.has(t) || NOISE_WORDS.has(t) || /^\d/.test(t)) continue;
    for (let span = Math.min(maxSpan, descTokens.length - i); span >= 1; span--) {
      let blocked = false;
      for (let j = i; j < i + span; j++) if (descSkip.has(j)) blocked = true;
      if (blocked) continue;
      const f = fuzzyModel(index, brandKeys, descTokens.slice(i, i + span));
      if (f) return res([f], "typo", 0.9, descTokens.slice(i, i + span).join(" "), range(i, span), none);
    }
  }
  return null;
}

/** Edit distance of a typo reading, for the reviewer ("TACMOA" read as TACOMA). */
export function describeModelReading(r: ModelResolution): string | undefined {
  const names = r.models.map((m) => m.name).join(" / ");
  switch (r.how) {
    case "exact":
      return undefined;
    case "family":
      return `"${r.read}" may also be ${r.models.slice(1).map((m) => m.name).join(" / ")}`;
    case "word_order":
      return `model "${r.read}" read as ${names} (words in another order)`;
    case "typo":
      return `model "${r.read}" read as ${names} (misspelt)`;
    case "partial":
      return `model "${r.read}" is part of the name of ${names}; the version words decided`;
    case "trim":
      return `"${r.read}" is a version of ${names}, read as the model`;
  }
}
