/**
 * Naive baseline: character-trigram Dice similarity between the row text and every catalog entry's
 * text (brand, model, version, year, description), scanning the whole catalog for every row.
 * Exists to measure what the indexed matcher gains; not used by the app.
 */
import type { CatalogEntry } from "./catalog";
import type { FleetRowInput } from "./matcher";
import { basicUpper, trigrams } from "./text";

export interface NaiveCatalog {
  entries: readonly CatalogEntry[];
  grams: Int32Array[];
  ids: Map<string, number>;
}

function text(s: string): string {
  return basicUpper(s).replace(/[^A-Z0-9]+/g, " ").trim();
}

function gramIds(ids: Map<string, number>, s: string, add: boolean): Int32Array {
  const out: number[] = [];
  for (const g of trigrams(text(s))) {
    let id = ids.get(g);
    if (id === undefined) {
      if (!add) continue;
      id = ids.size;
      ids.set(g, id);
    }
    out.push(id);
  }
  return Int32Array.from(out).sort();
}

export function prepareNaiveCatalog(entries: readonly CatalogEntry[]): NaiveCatalog {
  const ids = new Map<string, number>();
  const grams = entries.map((e) => gramIds(ids, `${e.brand} ${e.model} ${e.version} ${e.year} ${e.description}`, true));
  return { entries, grams, ids };
}

export interface NaiveMatch {
  code: string | null;
  score: number;
}

/** Best entry by trigram Dice similarity; abstains (code null) below `minScore`. */
export function naiveTrigramMatch(catalog: NaiveCatalog, row: FleetRowInput, minScore = 0.5): NaiveMatch {
  const q = gramIds(catalog.ids, [row.brand, row.model, row.year, row.version, row.description].filter((x) => x !== null && x !== undefined).join(" "), false);
  const qLen = trigrams(text([row.brand, row.model, row.year, row.version, row.description].filter(Boolean).join(" "))).length;
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < catalog.grams.length; i++) {
    const g = catalog.grams[i];
    let a = 0;
    let b = 0;
    let inter = 0;
    while (a < q.length && b < g.length) {
      if (q[a] === g[b]) {
        inter++;
        a++;
        b++;
      } else if (q[a] < g[b]) a++;
      else b++;
    }
    const dice = (2 * inter) / (qLen + g.length);
    if (dice > bestScore) {
      bestScore = dice;
      best = i;
    }
  }
  const score = Math.round(bestScore * 1000) / 1000;
  return { code: best >= 0 && bestScore >= minScore ? catalog.entries[best].code : null, score };
}
