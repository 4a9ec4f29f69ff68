// The parties of an invoice, each a general rule: the seller from a seller-labelled block ("Verkäufer", "From",
// "Vendeur", "Leverancier" …, its "Name:" line or first name line), the sender line above the address window
// ("Acme GmbH | Street 1 | 12345 City", DIN 5008 / NF Z 10-011), or a company name with its legal form in the
// letterhead or legal footer. Buyer-labelled blocks never give it; they give the buyer.

import { foldKeep, type Line } from "./layout";

// ---- the seller ------------------------------------------------------------------------------------------

// A party label stands alone or ends in a colon ("Verkäufer:", "From: Acme Ltd") — "Lieferant GmbH" is a name.
const SELLER_LABEL = /^(verkaufer|rechnungsersteller|rechnungssteller|leistungserbringer|lieferant|absender|seller|supplier|vendor|from|sold by|issued by|bill from|billed by|vendeur|fournisseur|emetteur|prestataire|emisor|proveedor|vendedor|leverancier|verkoper|afzender|fornitore|cedente|prestatore|venditore|fornecedor|emitente|prestador)\s*(?:\/[a-z ]+)?(?::\s*(.*)|$)/;
export const BUYER_LABEL = /^(?:(?:kaufer|kunde|rechnungsempfanger|leistungsempfanger|warenempfanger|empfanger|auftraggeber|abweichender [a-z]+|customer|client|buyer|acheteur|destinataire|cliente|receptor|adquirente|comprador|klant|afnemer|koper|destinatario|committente|cessionario|acquirente|aan|t\.a\.v\.?|spett\.?\s?le|spettabile|exm[oa]s?(?:\(s\))?\.?(?:\s*sr[as]?(?:\(s\))?\.?)?|adresse de facturation|adresse de livraison|livre a|rechnungsadresse|lieferadresse|lieferanschrift|billing address|shipping address|delivery address|direccion de facturacion|direccion de envio|factuuradres|afleveradres|indirizzo di fatturazione|morada de faturacao)\s*(?:\/[a-z ]+)?(?::|$)|(?:bill to|billed to|invoice to|ship to|sold to|deliver to|facture a|facturer a|facturar a|factureren aan|fatturare a|faturar a)\b)/;
const KEY_VALUE = /^([^:]{1,40}):\s*(.*)$/;
const NAME_KEY = /^(name|firma|company|raison sociale|denomination|nom|nombre|razon social|naam|bedrijfsnaam|nome|ragione sociale|denominacao)$/;
export const COMPANY_FORM = /\b(gmbh|ag|kg|ohg|ug|e\.\s?k|e\.\s?v|a\.\s?g|eg|gbr|partg|mbh|se|inc|llc|ltd|limited|corp|plc|llp|sarl|sas|sasu|eurl|sa|sca|bv|b\.v|nv|n\.v|vof|spa|s\.p\.a|srl|s\.r\.l|snc|lda|s\.a|s\.l|sl|sa de cv|s\.a\. de c\.v|pvt|oy|ab|as|aps)\.?(?=$|[\s,)])/i;
/** A name that ends in its legal form ("… Musterstadt a.G."). */
export const COMPANY_FORM_END = new RegExp(`${COMPANY_FORM.source}\\.?$`, "i");
const NOT_PARTY_NAME = /@|https?:|www\.|^\+?\d[\d\s/()-]{5,}$|\b(tel|telefon|phone|fax|e-?mail|iban|bic|swift|gln|gtin|ust|vat|tva|btw|iva|siret|siren|steuer|kontakt|contact|page|seite)\b/i;

function nameOk(t: string): boolean {
  const s = t.trim();
  if (s.length < 2 || s.length > 80 || !/[A-Za-zÀ-ÿ]{2}/.test(s) || NOT_PARTY_NAME.test(s)) return false;
  if (/^\d/.test(s) && !COMPANY_FORM.test(s)) return false;
  const f = foldKeep(s);
  return !SELLER_LABEL.test(f) && !BUYER_LABEL.test(f);
}

const looksAddress = (t: string) => /\b\d{4,5}\b/.test(t) && /\d/.test(t) || /\b(str\.|strasse|straße|street|rue|calle|via|straat|weg|allee|platz|avenue|road)\b/i.test(t);

export interface PartyName {
  value: string;
  confidence: number;
  line: Line;
  how: string;
}

/** The name in a seller-labelled block: the label's own value, a "Name:" line, or the first name-like line below. */
export function sellerBlockName(lines: Line[]): PartyName | null {
  return blockName(lines, SELLER_LABEL, "seller");
}

// The buyer's block, labelled alone or with a colon ("Käufer/Leistungsempfänger:", "Bill to", "Cliente:").
const BUYER_BLOCK = /^(kaufer|rechnungsempfanger|leistungsempfanger|kunde|customer|client|buyer|bill to|billed to|invoice to|sold to|acheteur|destinataire|facture a|facturer a|cliente|receptor|adquirente|comprador|facturar a|klant|afnemer|factuur aan|destinatario|committente|cessionario|acquirente|fatturare a|faturar a|aan|t\.a\.v\.?|spett\.?\s?le|spettabile|exm[oa]s?(?:\(s\))?\.?(?:\s*sr[as]?(?:\(s\))?\.?)?|adresse de facturation|adresse de livraison|livre a|rechnungsadresse|lieferadresse|lieferanschrift|billing address|shipping address|delivery address|direccion de facturacion|direccion de envio|factuuradres|afleveradres|indirizzo di fatturazione|morada de faturacao)\s*(?:\/[a-z ]+)?(?::\s*(.*)|$)/;

/** The buyer's name from its labelled block (never a seller's). */
export function buyerBlockName(lines: Line[]): PartyName | null {
  return blockName(lines, BUYER_BLOCK, "buyer");
}

function blockName(lines: Line[], labelRe: RegExp, who: "seller" | "buyer"): PartyName | null {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    for (const seg of line.segments) {
      const f = foldKeep(seg.text).trim();
      const m = labelRe.exec(f);
      if (!m) continue;
      // the whole line from this segment on: "Nummer  : 549910" may come as two segments
      const rest = m[2] === undefined ? "" : seg.text.trim().slice(seg.text.trim().length - m[2].length).trim();
      if (rest && nameOk(rest) && !KEY_VALUE.test(rest)) return { value: rest, confidence: 0.93, line, how: `${who} label` };
      if (rest) continue; // "Lieferant: 12345" or a sentence — not a party block
      // a label column with the name to its right on the same line ("Kunde:      Weber Logistik AG")
      const right = line.segments.find((x) => x.x >= seg.x2 - 1 && x.x - seg.x2 < 250);
      // "Verkäufer        Käufer": two party columns side by side — the name is below this one
      const rightIsParty = right !== undefined && (SELLER_LABEL.test(foldKeep(right.text).trim()) || BUYER_LABEL.test(foldKeep(right.text).trim()));
      // another column's title or key ("Käufer   RECHNUNGS-KORREKTUR", "Rechnungsempfänger   Kundennummer  GE2020211"):
      // not this label's value; the block below it is
      if (right && !rightIsParty && !NOT_A_VALUE.test(foldKeep(right.text).trim())) {
        const t = right.text.trim();
        if (nameOk(t) && !KEY_VALUE.test(t) && !looksAddress(t)) return { value: t, confidence: 0.9, line, how: `${who} label` };
        continue;
      }
      let lastY = line.y;
      for (let k = i + 1; k < Math.min(lines.length, i + 8); k++) {
        const next = lines[k];
        // a block is contiguous: a wide gap (or a new page) ends it
        if (next.page !== line.page || next.y - lastY > Math.max(line.height, 8) * 3) break;
        lastY = next.y;
        const si = next.segments.findIndex((x) => Math.abs(x.x - seg.x) < 40 || (x.x < seg.x2 && x.x2 > seg.x));
        if (si < 0) continue;
        const s = next.segments[si];
        const t = s.text.trim();
        // this column's part of the row: segments that follow closely ("Nummer" ": 549910"), not the next column
        const cells = [s];
        for (const x of next.segments.slice(si + 1)) {
          // a key ending in ":" takes the next cell however far ("Name:        Lieferant GmbH")
          if (x.x - cells[cells.length - 1].x2 > 150 && !/:$/.test(cells[cells.length - 1].text.trim())) break;
          // the next column's key ("Name:  Acme   Name:  Buyer Ltd") starts another cell
          if (cells.length >= 2 && /:$/.test(x.text.trim())) break;
          cells.push(x);
        }
        const rowText = cells.map((x) => x.text.trim()).join(" ").replace(/\s+:/g, ":");
        const tf = foldKeep(t);
        if (BUYER_LABEL.test(tf) || SELLER_LABEL.test(tf)) break;
        const kv = KEY_VALUE.exec(rowText);
        if (kv) {
          if (NAME_KEY.test(foldKeep(kv[1]).trim()) && nameOk(kv[2])) return { value: kv[2].trim(), confidence: 0.95, line: next, how: `${who} block Name:` };
          continue;
        }
        // "Herrn" / "Max Mustermann": a salutation line opens the address; the name is the line under it
        if (SALUTATION.test(tf.trim())) continue;
        if (nameOk(t) && !looksAddress(t)) return { value: withNameContinuation(lines, k, s), confidence: 0.92, line: next, how: `${who} block` };
      }
    }
  }
  return null;
}

/**
 * A party name broken over two lines ("MVM Musterhafter" / "Versicherungsverein Musterstadt a.G."): the line right
 * under it, in the same column, that ends in the legal form completes it when the first line has none.
 */
export function withNameContinuation(lines: Line[], k: number, seg: { x: number; text: string }): string {
  const t = seg.text.trim();
  if (COMPANY_FORM_END.test(t)) return t;
  const line = lines[k];
  const next = lines[k + 1];
  const cont = next?.segments.find((x) => Math.abs(x.x - seg.x) < 4);
  if (!next || !cont || next.page !== line.page || next.y - line.y > Math.max(line.height, 8) * 1.8) return t;
  const c = cont.text.trim();
  return COMPANY_FORM_END.test(c) && !/\d/.test(c) && nameOk(c) && !looksAddress(c) ? `${t} ${c}` : t;
}

/** An address's salutation or attention line, alone on its line ("Herrn", "Firma", "Madame", "Attn."). */
export const SALUTATION =
  /^(herrn?|frau|firma|familie|eheleute|an|an die|an den|to|attn\.?|attention|mr\.?|mrs\.?|ms\.?|messrs\.?|monsieur|madame|mademoiselle|m\.|mme\.?|mlle\.?|messieurs|sr\.?|sra\.?|senor|senora|don|dona|dhr\.?|mevr\.?|de heer|mevrouw|sig\.?|sig\.ra|signor|signora|exmo\.?|exma\.?)$/;
/** A document title or a field key: another column's head, never a party's name beside a party label. */
const NOT_A_VALUE = /^((rechnungs?|gutschrift|storno|invoice|credit)[- ]?(korrektur|note)?|[a-z]*rechnung|facture|factura|invoice|avoir|gutschrift|rechnungs-korrektur|seite|page|pagina|kunden-?\s?nr\.?|kundennummer|customer (no|number|id)|client (no|n°|number)|numero client|[a-z ]*(nummer|number|datum|date)|[a-z]+-?(nr|no)\.?)\s*:?$/;

/**
 * The address window of a letter-style invoice (DIN 5008, NF Z 10-011, the Swiss and Austrian norms alike): at the top
 * left of the first page, under the sender's line ("Acme GmbH | Europa-Allee 1 | 60486 Frankfurt") or opening with a
 * salutation ("Herrn", "Firma", "Madame"), the recipient's name, then street and postcode + city. That recipient is
 * the buyer. The block must end in a postcode line: a letterhead is not an address window.
 */
export function windowAddressName(lines: Line[], pageHeight: number, pageWidth = 595): PartyName | null {
  const first = lines[0]?.page;
  const top = lines.filter((l) => l.page === first && l.y < pageHeight * 0.45);
  const sender = senderLine(top, pageHeight);
  const starts: { index: number; x: number; how: string }[] = [];
  if (sender) {
    const i = top.indexOf(sender.line);
    starts.push({ index: i + 1, x: sender.line.segments[0].x, how: "address window under the sender line" });
  }
  top.forEach((l, i) => {
    const s = l.segments[0];
    if (s && s.x < pageWidth * 0.5 && SALUTATION.test(foldKeep(s.text).trim())) starts.push({ index: i, x: s.x, how: "address window" });
  });
  for (const start of starts) {
    const block: Line[] = [];
    const seg = (l: Line) => l.segments.find((x) => Math.abs(x.x - start.x) < 45 && x.x < pageWidth * 0.5);
    let lastY = start.index > 0 ? top[start.index - 1].y : -Infinity;
    for (let k = start.index; k < top.length && block.length < 6; k++) {
      const l = top[k];
      if (!seg(l)) continue;
      if (l.y - lastY > 45) break;
      lastY = l.y;
      block.push(l);
    }
    const texts = block.map((l) => seg(l)!.text.trim());
    const postcode = texts.findIndex((t) => /\b\d{4,5}\b/.test(t) && /[A-Za-zÀ-ÿ]{3}/.test(t));
    if (postcode < 1) continue;
    for (let j = 0; j < postcode; j++) {
      const t = texts[j];
      const f = foldKeep(t).trim();
      if (SALUTATION.test(f)) continue;
      if (BUYER_LABEL.test(f) || SELLER_LABEL.test(f)) break;
      if (nameOk(t) && !looksAddress(t)) return { value: t.replace(/[,;]$/, ""), confidence: 0.92, line: block[j], how: start.how };
      break;
    }
  }
  return null;
}

/** The sender line above the address window: "Acme GmbH | Europa-Allee 19 | 60486 Frankfurt" → "Acme GmbH". */
export function senderLine(lines: Line[], pageHeight: number): PartyName | null {
  for (const line of lines) {
    if (line.page !== lines[0]?.page || line.y > pageHeight * 0.45) continue;
    for (const text of [line.text, ...line.segments.map((s) => s.text)]) {
      const parts = text.split(/\s*[|●•·∙◦▪]\s*|\s+[-–]\s+/).map((p) => p.trim()).filter(Boolean);
      if (parts.length < 3 || parts.length > 6 || REGISTRATION.test(foldKeep(text))) continue;
      if (!parts.slice(1).some((p) => /\b\d{4,5}\b/.test(p))) continue;
      if (nameOk(parts[0]) && !/\d{4,5}/.test(parts[0])) return { value: parts[0].replace(/[,;]$/, ""), confidence: 0.9, line, how: "sender line" };
    }
  }
  return null;
}

/** Registration facts only the issuer prints about itself: share capital, trade register, VAT or company number. */
const REGISTRATION = /\b(au capital|capital social|capitale sociale|share capital|rcs|siret|siren|registered in|registered office|company (no|number|reg)|handelsregister|registergericht|amtsgericht|hrb|hra|kvk|rea|cif|nif|ust-?id\w*|vat (no|reg\w*)|tva intra\w*|n° tva|geschaftsfuhr\w*|gerant|directeur|director)\b/;
/** What follows a legal form inside a footer phrase: "Acme SARL au capital de …", "Acme GmbH, Sitz Kiel". */
const AFTER_FORM = /^\s*(?:au capital|capital|con sede|mit sitz|sitz|registered|with|inscrite|immatricul\w*|[,(–-])/i;

/** A segment naming a company with its legal form, outside buyer blocks: letterhead, legal footer, page. */
export function companyFormName(lines: Line[], buyerLines: Set<Line>, pageHeight: number): PartyName | null {
  const found: { value: string; line: Line; where: "top" | "foot" | "body"; registered: boolean }[] = [];
  const domains = pageDomains(lines);
  for (const line of lines) {
    if (buyerLines.has(line)) continue;
    const registeredLine = REGISTRATION.test(foldKeep(line.text));
    // A legal footer strings its facts with separators: "Blue Harbor Ltd · Registered in England 0123 · VAT GB…".
    const parts = line.segments.flatMap((seg) => seg.text.split(/\s*[|●•·∙▪]\s*|\s+[-–]\s+/));
    for (const part of parts) {
      let t = part.trim().replace(/[,;]$/, "");
      const kv = KEY_VALUE.exec(t);
      let cand = kv && NAME_KEY.test(foldKeep(kv[1]).trim()) ? kv[2].trim() : t;
      // "Acme SARL au capital de 8 000 €" → "Acme SARL"
      const form = COMPANY_FORM.exec(cand);
      if (form && AFTER_FORM.test(cand.slice(form.index + form[0].length))) cand = cand.slice(0, form.index + form[0].length).trim();
      t = cand;
      // "3451 AB Utrecht" is a Dutch postcode, not an aktiebolag: an address line is never the company's name
      if (!COMPANY_FORM.test(cand) || !nameOk(cand) || looksAddress(cand) || cand.split(/\s+/).length > 7 || /^(gmbh|ag|kg|sa|sas|bv|ltd|inc|llc)$/i.test(cand)) continue;
      const where = line.page === lines[0].page && line.y < pageHeight * 0.3 ? "top" : line.y > pageHeight * 0.75 ? "foot" : "body";
      found.push({ value: t, line, where, registered: registeredLine && where !== "top" });
    }
  }
  if (!found.length) return null;
  const count = (v: string) => found.filter((f) => foldKeep(f.value) === foldKeep(v)).length;
  // the issuer's own web or mail domain names it ("www.brightlabs.io" → "Bright Labs Ltd")
  const web = (v: string) => domains.some((d) => nameMatchesDomain(v, d));
  const score = (f: (typeof found)[number]) => (count(f.value) > 1 ? 2 : 0) + (f.registered ? 2 : 0) + (web(f.value) ? 2 : 0) - rank(f.where) * 0.5;
  const best = [...found].sort((a, b) => score(b) - score(a))[0];
  const sure = count(best.value) > 1 || best.registered || web(best.value);
  return {
    value: best.value,
    confidence: sure ? 0.88 : best.where === "body" ? 0.6 : 0.75,
    line: best.line,
    how: `company name (${best.registered ? "legal footer" : best.where === "foot" ? "footer" : best.where === "top" ? "letterhead" : "page"})`,
  };
}

/** Web and mail domains printed on the page ("www.acme-tools.de", "info@acme.fr") without their top-level part. */
export function pageDomains(lines: Line[]): string[] {
  const out = new Set<string>();
  for (const l of lines) {
    for (const m of l.text.matchAll(/(?:www\.|@|https?:\/\/)([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.[a-z]{2,6}\b/gi)) {
      const host = m[1].toLowerCase().replace(/^www\./, "").split(".");
      out.add(host[host.length - 1]);
    }
  }
  return [...out].filter((d) => d.length >= 3);
}

/** "Bright Labs Ltd" ~ "brightlabs", "Conseil & Formation" ~ "conseil-formation": the name's letters make the domain. */
export function nameMatchesDomain(name: string, domain: string): boolean {
  const d = domain.replace(/[^a-z0-9]/g, "");
  const words = foldKeep(name).replace(COMPANY_FORM, " ").split(/[^a-z0-9]+/).filter(Boolean);
  if (!words.length || d.length < 3) return false;
  const joined = words.join("");
  if (joined === d || (joined.length >= 4 && d.startsWith(joined)) || (d.length >= 5 && joined.startsWith(d))) return true;
  // initials of a long name ("Muster Versand Gesellschaft" → "mvg")
  return words.length >= 3 && words.map((w) => w[0]).join("") === d;
}
const rank = (w: string) => (w === "top" ? 0 : w === "foot" ? 1 : 2);

/** Lines of buyer-labelled blocks (label line and the lines below it in its column, up to the next label). */
export function buyerBlocks(lines: Line[]): Set<Line> {
  const set = new Set<Line>();
  for (let i = 0; i < lines.length; i++) {
    for (const seg of lines[i].segments) {
      if (!BUYER_LABEL.test(foldKeep(seg.text).trim())) continue;
      set.add(lines[i]);
      let lastY = lines[i].y;
      for (let k = i + 1; k < Math.min(lines.length, i + 8); k++) {
        const l = lines[k];
        // a block is contiguous: a wide gap ends it
        if (l.page !== lines[i].page || l.y - lastY > Math.max(l.height, 8) * 3) break;
        const s = l.segments.find((x) => Math.abs(x.x - seg.x) < 40);
        if (!s) continue;
        if (SELLER_LABEL.test(foldKeep(s.text).trim())) break;
        set.add(l);
        lastY = l.y;
      }
    }
  }
  return set;
}
