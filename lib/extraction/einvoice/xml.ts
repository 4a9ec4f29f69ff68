// A small, safe XML reader for e-invoices: elements, attributes, text, CDATA. No DTDs at all — a document with a
// <!DOCTYPE> is refused, so no external entity is ever fetched and no entity can expand ("billion laughs").
// Only the five predefined entities and numeric character references are decoded.

export interface XmlElement {
  /** Qualified name as written ("ram:ID"). */
  name: string;
  /** Name without its namespace prefix ("ID"). */
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Text directly inside this element (children's text not included), entities decoded. */
  text: string;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "XmlError";
  }
}

/** Largest XML document Docket reads (CFDI and UBL invoices are a few hundred kB at most). */
export const MAX_XML_BYTES = 10 * 1024 * 1024;

const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);?/g, (m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    if (e in ENTITIES) return ENTITIES[e];
    throw new XmlError(`unknown entity &${e}; near character ${at} (only the predefined XML entities are accepted)`);
  });
}

/** Bytes → text: UTF-8 unless the declaration or a byte-order mark says UTF-16 / ISO-8859-1 / windows-1252. */
export function decodeXmlBytes(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder("utf-16le").decode(data);
  if (data[0] === 0xfe && data[1] === 0xff) return new TextDecoder("utf-16be").decode(data);
  const head = new TextDecoder("latin1").decode(data.subarray(0, 200));
  const enc = /encoding\s*=\s*["']([A-Za-z0-9_-]+)["']/.exec(head)?.[1]?.toLowerCase();
  const label = enc && /^(iso-8859-1|latin1|windows-1252|cp1252|iso-8859-15)$/.test(enc) ? "windows-1252" : "utf-8";
  return new TextDecoder(label).decode(data).replace(/^\uFEFF/, "");
}

/** Parse an XML document into its root element. Throws XmlError with the reason and position. */
export function parseXml(input: string | Uint8Array): XmlElement {
  const src = typeof input === "string" ? input : decodeXmlBytes(input);
  if (src.length > MAX_XML_BYTES) throw new XmlError(`the XML is larger than ${MAX_XML_BYTES / 1024 / 1024} MB`);
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const lt = src.indexOf("<", i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const t = src.slice(i, textEnd);
      if (stack.length) stack[stack.length - 1].text += decode(t, i);
      else if (t.trim()) throw new XmlError(`text outside the root element at character ${i}`);
    }
    if (lt < 0) break;
    if (src.startsWith("<!--", lt)) {
      const end = src.indexOf("-->", lt + 4);
      if (end < 0) throw new XmlError(`unclosed comment at character ${lt}`);
      i = end + 3;
    } else if (src.startsWith("<![CDATA[", lt)) {
      const end = src.indexOf("]]>", lt + 9);
      if (end < 0) throw new XmlError(`unclosed CDATA at character ${lt}`);
      if (stack.length) stack[stack.length - 1].text += src.slice(lt + 9, end);
      i = end + 3;
    } else if (src.startsWith("<?", lt)) {
      const end = src.indexOf("?>", lt + 2);
      if (end < 0) throw new XmlError(`unclosed processing instruction at character ${lt}`);
      i = end + 2;
    } else if (src.startsWith("<!", lt)) {
      throw new XmlError(`document type declarations are not accepted (character ${lt}): e-invoices never need one, and they can pull in outside files`);
    } else if (src[lt + 1] === "/") {
      const end = src.indexOf(">", lt);
      if (end < 0) throw new XmlError(`unclosed end tag at character ${lt}`);
      const name = src.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`</${name}> at character ${lt} does not close <${open?.name ?? "nothing"}>`);
      i = end + 1;
    } else {
      // start tag: scan to the closing '>' outside quotes
      let j = lt + 1;
      let quote = "";
      for (; j < n; j++) {
        const c = src[j];
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (c === ">") break;
      }
      if (j >= n) throw new XmlError(`unclosed tag at character ${lt}`);
      let body = src.slice(lt + 1, j);
      const selfClosing = body.endsWith("/");
      if (selfClosing) body = body.slice(0, -1);
      const nm = /^[^\s/>]+/.exec(body)?.[0];
      if (!nm) throw new XmlError(`tag without a name at character ${lt}`);
      const attrs: Record<string, string> = {};
      for (const m of body.slice(nm.length).matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs[m[1]] = decode(m[3] ?? m[4] ?? "", lt);
      const el: XmlElement = { name: nm, local: nm.includes(":") ? nm.slice(nm.indexOf(":") + 1) : nm, attrs, children: [], text: "" };
      if (stack.length) stack[stack.length - 1].children.push(el);
      else if (root) throw new XmlError(`a second root element <${nm}> at character ${lt}`);
      else root = el;
      if (!selfClosing) stack.push(el);
      i = j + 1;
    }
  }
  if (stack.length) throw new XmlError(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new XmlError("no root element");
  return root;
}

// ---- navigation by local name (namespace prefixes differ between producers) ----------------------------

export const child = (el: XmlElement | null | undefined, local: string) => el?.children.find((c) => c.local === local) ?? null;
export const childrenOf = (el: XmlElement | null | undefined, local: string) => el?.children.filter((c) => c.local === local) ?? [];

/** Follow a path of local names ("SellerTradeParty/Name"), first match at each step. */
export function path(el: XmlElement | null | undefined, p: string): XmlElement | null {
  let cur: XmlElement | null = el ?? null;
  for (const step of p.split("/")) {
    cur = child(cur, step);
    if (!cur) return null;
  }
  return cur;
}

/** Depth-first: every descendant with this local name. */
export function descendants(el: XmlElement | null | undefined, local: string, out: XmlElement[] = []): XmlElement[] {
  for (const c of el?.children ?? []) {
    if (c.local === local) out.push(c);
    descendants(c, local, out);
  }
  return out;
}

export const textOf = (el: XmlElement | null | undefined) => {
  const t = el?.text.replace(/\s+/g, " ").trim();
  return t ? t : null;
};
