import { fold } from "@/lib/extraction/layout";

const words = (s: string) => fold(s).replace(/[^a-z0-9]+/g, " ").trim();

/**
 * Party identifiers some XML put in the name field before the name ("GLN 4333741000005 Lief-Nr: 549910 MUSTERLIEFERANT
 * GMBH"): a scheme word or a number label with its number. The page prints them on their own line; the name is the rest.
 */
const IDENTIFIER = /\b(gln|gtin|duns|iln|(lief|lieferanten|kunden|kd|supplier|customer|vendor|client)[ .-]*(nr|no|nummer|number|id)\.?)\s*[:#]?\s*\d[\d ]*\b/gi;

/** Vendor names match when equal after folding, or one contains the other and covers at least half of it. */
export function sameName(got: string | null, want: string | null): boolean {
  if (!got || !want) return false;
  // (from both sides: the reader given the XML gives the name field as it stands)
  const a = words(got.replace(IDENTIFIER, " "));
  const b = words(want.replace(IDENTIFIER, " "));
  if (!a || !b) return false;
  if (a === b) return true;
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  return s.length >= 3 && ` ${l} `.includes(` ${s} `) && s.length / l.length >= 0.5;
}
