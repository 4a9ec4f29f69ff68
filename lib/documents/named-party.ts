// A question that names a company by its legal form ("the IBAN of Lieferant GmbH", "¿quién es Transportes del Norte
// SA de CV?") is about that company: a passage of another company's document answers it wrongly, however well its
// words match ("Lieferant" is also the German word for supplier, and every invoice has one).

const LEGAL_FORM = String.raw`(?:GmbH(?:\s*&\s*Co\.?(?:\s*KG)?)?|AG|KG|KGaA|UG|e\.\s?K\.|Ltd\.?|Limited|LLC|LLP|Inc\.?|Corp\.?|PLC|S\.?\s?A\.?(?:\s+de\s+C\.?\s?V\.?)?|S\.?\s?L\.?|S\.?\s?A\.?\s?S\.?|SARL|S\.?\s?R\.?\s?L\.?|B\.?V\.?|N\.?V\.?)`;
// one to four capitalised words (a lower-case joiner such as "del", "de", "und", "&" between them) before the legal form
const NAME = new RegExp(
  String.raw`((?:\p{Lu}[\p{L}\d'’.-]*)(?:\s+(?:(?:de|del|la|las|los|y|und|&|and|of|et|du|des)\s+)?\p{Lu}[\p{L}\d'’.-]*){0,3})\s+(${LEGAL_FORM})(?=$|[\s,.;:?!)])`,
  "gu",
);

/** The companies a question names with their legal form, as written ("Lieferant GmbH"). */
export function namedParties(question: string): string[] {
  const out: string[] = [];
  for (const m of question.matchAll(NAME)) {
    const words = m[1].split(/\s+/);
    // a question word or an all-capitals field name opening the match ("What", "IBAN") is not part of the name
    while (words.length > 1 && (/^(What|Who|When|Where|Which|How|Is|Does|Do|Qué|Quién|Cuál|Cuándo|Was|Wer|Wann|Welche)$/i.test(words[0]) || /^\p{Lu}{2,}$/u.test(words[0]) || !/^\p{Lu}/u.test(words[0]))) words.shift();
    if (words.length === 1 && /^\p{Lu}{2,}$/u.test(words[0])) continue;
    out.push(`${words.join(" ")} ${m[2]}`.replace(/\s+/g, " ").trim());
  }
  return [...new Set(out)];
}

/** A POSIX regular expression (PostgreSQL `~*`) matching the name in a page's text, across line breaks and spacing. */
export function namePattern(name: string): string {
  return name
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\./g, "\\.?"))
    .join(String.raw`[\s,]+`);
}

/** The question without the names (they picked the documents; the rest picks the passage in them). */
export function withoutNames(question: string, names: string[]): string {
  let out = question;
  for (const n of names) out = out.replace(n, " ");
  return out.replace(/\s+/g, " ").trim();
}
