/**
 * The brand a broker row names: the brand column (alias, maker or group name, corporate form, typo) or the first
 * words of the description. Returns the brands to look for the model in: the brand first, then its maker's
 * other brands (a "GENERAL MOTORS" YUKON is a GMC, a "CHRYSLER DE MEXICO" ATTITUDE a DODGE).
 */
import { BRAND_GROUPS, BRAND_SIBLINGS, CORPORATE_WORDS } from "./brand-groups";
import type { CatalogIndex } from "./catalog-index";
import { BRAND_ALIASES, editDistance, NOISE_WORDS, normalizeTokens, typoBudget } from "./text";

export interface BrandResolution {
  key?: string;
  /** Brands to search for the model: `key` first, then the same maker's brands the catalog carries. */
  searchKeys: string[];
  /** The row names a brand the catalog does not carry. */
  absentName?: string;
  /** The brand (or absent brand) was read from the description rather than the brand column. */
  fromDescription?: boolean;
  /** The brand column holds a word that is not a known brand at all (not TESLA-like, just unknown). */
  unknownWord?: boolean;
  /** Words after the brand in the brand column ("NISSAN VERSA" → VERSA). */
  extraTokens?: string[];
  /** How the brand column was read when it is not the catalog brand ("GENERAL MOTORS": maker name, "TOYTOA": typo). */
  readAs?: "maker" | "typo";
  /** The brand column as written, when `readAs` is set. */
  written?: string;
  quality: number;
  usedDescTokens: Set<number>;
}

const columnTokenCache = new Map<string, string[]>();
function brandTokens(value: string): string[] {
  let t = columnTokenCache.get(value);
  if (!t) {
    if (columnTokenCache.size > 2000) columnTokenCache.clear();
    t = normalizeTokens(value.replace(/\bS\.?\s*A\.?\s*(?:DE\s+)?C\.?\s*V\.?(?=\s|$)/gi, " SA DE CV "));
    columnTokenCache.set(value, t);
  }
  return t;
}

function withSiblings(index: CatalogIndex, keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const k of keys) for (const b of [k, ...(BRAND_SIBLINGS[k] ?? [])]) if (index.brands.has(b) && !out.includes(b)) out.push(b);
  return out;
}

export function resolveBrand(index: CatalogIndex, brandCol: string, descTokens: string[]): BrandResolution {
  const used = new Set<number>();
  const junk = /^(N\/?A|S\/?M|SIN MARCA|OTRO|OTROS|VARIOS|VARIAS|GENERICO|-+|\.+|0)$/i.test(brandCol.trim()) || !/[A-Za-z]/.test(brandCol);
  if (brandCol.trim() && !junk) {
    const toks = brandTokens(brandCol);
    const written = brandCol.trim().toUpperCase();
    const found = (key: string, extra: string[], readAs?: "maker"): BrandResolution => ({
      key,
      searchKeys: withSiblings(index, [key]),
      quality: 1,
      usedDescTokens: new Set(),
      extraTokens: extra.filter((t) => !CORPORATE_WORDS.has(t)),
      readAs,
      written: readAs ? written : undefined,
    });
    const attempts: Array<[string, number]> = [
      [toks.join(""), toks.length],
      [(toks[0] ?? "") + (toks[1] ?? ""), 2],
      [toks[0] ?? "", 1],
    ];
    const group = (k: string) => BRAND_GROUPS[k]?.filter((b) => index.brands.has(b));
    for (const [a] of attempts.slice(0, 2)) {
      const g = group(a);
      if (g?.length) return { ...found(g[0], []), searchKeys: withSiblings(index, g), readAs: "maker", written };
    }
    const typoBrand = (w: string): string | undefined => {
      let best: string | undefined;
      let bestD = Infinity;
      for (const k of index.brands.keys()) {
        const d = editDistance(w, k, 2);
        if (d <= typoBudget(Math.min(w.length, k.length)) && d < bestD) {
          bestD = d;
          best = k;
        }
      }
      return best;
    };
    for (const [a, n] of attempts) {
      const k = BRAND_ALIASES[a] ?? a;
      if (k && index.brands.has(k)) return found(k, toks.slice(n), BRAND_GROUPS[a] || toks.slice(n).some((t) => CORPORATE_WORDS.has(t)) ? "maker" : undefined);
      // a misspelt brand of two words (MERCEDES BEMZ) before its first word alone (MERCEDES + a model BEMZ)
      if (n === toks.length && toks.length > 1) {
        const t = typoBrand(a);
        if (t) return { key: t, searchKeys: withSiblings(index, [t]), quality: 0.97, usedDescTokens: used, readAs: "typo", written };
      }
    }
    // a corporate or legacy maker name: "AMERICAN HONDA MOTOR", "FCA MEXICO", "DAIMLER AG"
    const core = toks.filter((t) => !CORPORATE_WORDS.has(t));
    if (core.length && core.length < toks.length) {
      for (const a of [core.join(""), core[0]]) {
        const g = group(a);
        if (g?.length) return { ...found(g[0], []), searchKeys: withSiblings(index, g), readAs: "maker", written };
        const k = BRAND_ALIASES[a] ?? a;
        if (index.brands.has(k)) return found(k, core.slice(1), "maker");
      }
    }
    const best = typoBrand((core.length ? core : toks).join(""));
    if (best) return { key: best, searchKeys: withSiblings(index, [best]), quality: 0.97, usedDescTokens: used, readAs: "typo", written };
    const knownElsewhere = toks.some((t, i) => BRAND_ALIASES[t] !== undefined || BRAND_ALIASES[t + (toks[i + 1] ?? "")] !== undefined);
    return { absentName: written, searchKeys: [], quality: 0, usedDescTokens: used, unknownWord: !knownElsewhere };
  }
  // brand named in the first words of the description
  for (let i = 0; i < Math.min(3, descTokens.length); i++) {
    for (const span of [2, 1]) {
      if (i + span > descTokens.length) continue;
      const k0 = descTokens.slice(i, i + span).join("");
      const k = BRAND_ALIASES[k0] ?? k0;
      if (index.brands.has(k)) {
        for (let j = i; j < i + span; j++) used.add(j);
        return { key: k, searchKeys: withSiblings(index, [k]), quality: 1, usedDescTokens: used, fromDescription: true };
      }
      if (descTokens.slice(0, i).every((t) => NOISE_WORDS.has(t)) && BRAND_ALIASES[k0] && !index.brands.has(BRAND_ALIASES[k0])) {
        for (let j = i; j < i + span; j++) used.add(j);
        return { absentName: k0, searchKeys: [], quality: 0, usedDescTokens: used, fromDescription: true };
      }
    }
  }
  return { quality: 0, searchKeys: [], usedDescTokens: used };
}
