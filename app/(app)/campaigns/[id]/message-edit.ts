// Pure pieces of the "Edit message" form (no React, no server code): inserting a placeholder where the
// cursor is, and the fallbacks worth saving.

/**
 * Puts `{{key}}` in place of the selection [start, end) of `value` (a caret is an empty selection) and
 * returns the new text with the caret just after the placeholder. Out-of-range positions are clamped, so a
 * field that never had focus gets the placeholder at the end.
 */
export function insertPlaceholder(value: string, start: number | null | undefined, end: number | null | undefined, key: string): { value: string; caret: number } {
  const from = Math.min(Math.max(start ?? value.length, 0), value.length);
  const to = Math.min(Math.max(end ?? from, from), value.length);
  const token = `{{${key}}}`;
  return { value: value.slice(0, from) + token + value.slice(to), caret: from + token.length };
}

/**
 * The campaign fallbacks to store: one per column of the list, only where a value was written. An empty
 * fallback is dropped rather than stored, so an empty value with an empty fallback skips the recipient
 * instead of sending the message with a hole in it.
 */
export function fallbacksToSave(fallbacks: Readonly<Record<string, string>>, columns: readonly string[]): Record<string, string> {
  const known = new Set(columns.map((c) => c.trim().toLowerCase()));
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fallbacks)) {
    const key = k.trim().toLowerCase();
    if (known.has(key) && v.trim() !== "") out[key] = v;
  }
  return out;
}
