// A catalog entry as the matcher searches it (normalised words) and as the review table and quote file show it.

import type { CatalogEntry } from "@/lib/insurance/catalog";
import { normalizeText } from "@/lib/insurance/text";

/**
 * The version of the search-key rule below (normalizeText's). Bump it whenever the normalisation of catalog words
 * changes (2: Roman/Arabic/glued trims, TSURU GS I = GS1): catalogs keyed by an older rule are re-keyed at start-up.
 */
export const CATALOG_SEARCH_KEYS_VERSION = 2;

export function catalogSearchKey(e: Pick<CatalogEntry, "brand" | "model" | "version" | "description" | "year">): string {
  const words = normalizeTokens(`${e.brand} ${e.model} ${e.version} ${e.description === e.version ? "" : e.description} ${e.year}`);
  return [...new Set(words)].join(" ");
}

function normalizeTokens(s: string) {
  return normalizeText(s).split(" ").filter(Boolean);
}

/** How a catalog entry reads in the review table and the quote file's description column. */
export function catalogLabel(e: Pick<CatalogEntry, "brand" | "description">): string {
  return `${e.brand} ${e.description}`.trim();
}
