// A catalog entry as the matcher searches it (normalised words) and as the review table and quote file show it.

import type { CatalogEntry } from "@/lib/insurance/catalog";
import { normalizeText } from "@/lib/insurance/text";

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
