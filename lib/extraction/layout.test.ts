import { describe, expect, it } from "vitest";
import { fold, foldKeep } from "./layout";

/** What foldKeep means: each UTF-16 unit folded alone, its first unit kept, a unit that folds to nothing a space. */
function foldKeepByDefinition(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const f = fold(s[i]);
    out += f.length ? f[0] : " ";
  }
  return out;
}

describe("foldKeep", () => {
  it("folds every UTF-16 unit as fold does, one output unit per input unit", () => {
    const all = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).join("");
    const got = foldKeep(all);
    expect(got.length).toBe(all.length);
    const want = foldKeepByDefinition(all);
    let diff = -1;
    for (let i = 0; i < all.length && diff < 0; i++) if (got.charCodeAt(i) !== want.charCodeAt(i)) diff = i;
    expect(diff).toBe(-1);
  });

  it("keeps positions on accents, ß, combining marks, capitals that lower to two units and astral characters", () => {
    for (const s of [
      "Rechnungsempfänger: Müller GmbH, Straße 5",
      "FACTURE N° 12 — Désignation Qté P.U. HT",
      "Cafe\u0301 e\u0300 \u0301",
      "İstanbul ΣΟΦΙΑ ǅ ﬁnal",
      "Total 1\u00a0234,50 € 😀 𝐀𝐁",
      "plain ascii Invoice No. 42 / Amount (EUR)",
      "",
    ]) {
      expect(foldKeep(s)).toBe(foldKeepByDefinition(s));
      expect(foldKeep(s).length).toBe(s.length);
    }
    expect(foldKeep("Straße Müller")).toBe("strase muller");
    expect(foldKeep("Cafe\u0301")).toBe("cafe ");
  });
});
