/**
 * Helpers of matchRow for the model readings of model-lookup.ts: the prior over several possible models, and a
 * maker name glued to the model number in the model column.
 */
import type { CatalogIndex, IndexedEntry, ModelInfo } from "./catalog-index";

const EXTENSION_PRIOR = Math.log(0.25);
const NAME_NOT_MENTIONED = Math.log(0.2);

/**
 * Prior over the models a partial, trim or family reading left open: a name the row wrote exactly beats the longer
 * names it is part of (KICKS over KICKS E-POWER), and a model whose own name word the row mentions beats the others
 * (CLASE + "C 200" → CLASE C).
 */
export function modelPrior(how: string, models: readonly ModelInfo[], named: ModelInfo, rowWords: ReadonlySet<string>): ((ie: IndexedEntry) => number) | undefined {
  if (models.length < 2) return undefined;
  const shared = models[0].nameTokens.filter((t) => models.every((m) => m.nameTokens.includes(t)));
  const mentioned = new Set(models.filter((m) => m.nameTokens.some((t) => !shared.includes(t) && rowWords.has(t))).map((m) => `${m.brandKey}|${m.key}`));
  if (how !== "family" && !mentioned.size) return undefined;
  return (ie) => {
    const k = `${ie.brandKey}|${ie.modelKey}`;
    let p = how === "family" && !(ie.modelKey === named.key && ie.brandKey === named.brandKey) ? EXTENSION_PRIOR : 0;
    if (mentioned.size && !mentioned.has(k)) p += NAME_NOT_MENTIONED;
    return p;
  };
}
export const BODY_WORDS = new Set(["PICKUP", "SEDAN", "HB", "SUV", "VAN", "COUPE", "WAGON", "CONVERTIBLE"]);

/** A maker name glued to the model number in the model column: HINO500 → 500, FIAT500 → 500 (not when it is itself a model: RAM1500). */
export function splitMakerPrefix(index: CatalogIndex, brandKeys: readonly string[], tokens: string[]): string[] {
  if (!brandKeys.length) return tokens;
  return tokens.map((t) => {
    if (!/\d/.test(t) || brandKeys.some((b) => index.brands.get(b)?.models.has(t))) return t;
    for (const b of brandKeys) {
      const rest = t.startsWith(b) ? t.slice(b.length) : "";
      if (rest && /^\d/.test(rest)) return rest;
    }
    return t;
  });
}
