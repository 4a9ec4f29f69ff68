// OCR confusions fixed on recognised words before any label is matched. Tesseract reads a German "ü" as "ii"
// ("fiir", "Gebiihr", "Miiller"); German writes no "ii" inside a word, so on a German page it is put back.

import { detectLocale } from "./parse";
import type { TextItem } from "./types";

const SPLIT_UMLAUT = /(?<=\p{L})ii(?=\p{Ll})/gu;

/** Words of one OCR'd page with "ii" inside a word read back as "ü" when the page is German. */
export function repairOcrWords(items: TextItem[]): TextItem[] {
  if (!items.some((i) => /(?<=\p{L})ii(?=\p{Ll})/u.test(i.str))) return items;
  if (detectLocale(items.map((i) => i.str).join(" ")).lang !== "de") return items;
  return items.map((i) => ({ ...i, str: i.str.replace(SPLIT_UMLAUT, "ü") }));
}
