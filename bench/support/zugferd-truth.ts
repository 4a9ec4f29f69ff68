/**
 * Truth for real e-invoices (the ZUGFeRD/Factur-X corpus in /work/shared/corpora/zugferd): the XML embedded in each
 * PDF says the invoice number, grand total, due date and seller exactly; the questions ask for them from the PDF's
 * visible text. Used as a held-out, real-document figure (German and English invoices).
 */
import { readFileSync } from "node:fs";
import { unzlibSync } from "fflate";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, PDFHexString } from "pdf-lib";

/**
 * The corpus split by producer (its folder; v1 and v2 of one house are one producer), decided up front: rules may be
 * tuned on "tuned" only; "heldout" is for reporting. Used by bench/invoices-real.ts and the documents bench.
 */
export const PRODUCERS: { producer: string; part: "tuned" | "heldout"; folders: string[] }[] = [
  { producer: "intarsys", part: "tuned", folders: ["ZUGFeRDv1/correct/Intarsys", "ZUGFeRDv2/correct/intarsys"] },
  { producer: "FeRD reference (XRechnung/Factur-X)", part: "tuned", folders: ["XML-Rechnung/FX"] },
  { producer: "Mustangproject", part: "tuned", folders: ["ZUGFeRDv1/correct/Mustangproject", "ZUGFeRDv2/correct/Mustangproject"] },
  { producer: "Konik", part: "tuned", folders: ["ZUGFeRDv1/correct/Konik"] },
  { producer: "symtrax", part: "heldout", folders: ["ZUGFeRDv2/correct/symtrax"] },
  { producer: "FNFE factur-x examples", part: "heldout", folders: ["ZUGFeRDv2/correct/FNFE-factur-x-examples"] },
  { producer: "4s4u", part: "heldout", folders: ["ZUGFeRDv1/correct/4s4u"] },
  { producer: "PHP gpFacturX", part: "heldout", folders: ["ZUGFeRDv2/correct/PHP_@gpFacturX"] },
];

export interface EInvoiceTruth {
  number: string;
  total: string | null;
  due: string | null;
  issued: string | null;
  seller: string | null;
  buyer: string | null;
}

function tag(xml: string, name: string): string | null {
  const m = new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:[\\w-]+:)?${name}>`).exec(xml);
  return m ? m[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() : null;
}

/** The embedded XML of a ZUGFeRD/Factur-X PDF, or null. */
export async function embeddedXml(path: string): Promise<string | null> {
  const pdf = await PDFDocument.load(readFileSync(path), { ignoreEncryption: true, updateMetadata: false });
  const names = pdf.catalog.lookupMaybe(PDFName.of("Names"), PDFDict);
  const ef = names?.lookupMaybe(PDFName.of("EmbeddedFiles"), PDFDict);
  const arr = ef?.lookupMaybe(PDFName.of("Names"), PDFArray);
  if (!arr) return null;
  for (let i = 0; i + 1 < arr.size(); i += 2) {
    const n = arr.lookup(i);
    const name = n instanceof PDFString || n instanceof PDFHexString ? n.decodeText() : "";
    if (!/\.xml$/i.test(name)) continue;
    const spec = arr.lookup(i + 1, PDFDict);
    const stream = spec.lookupMaybe(PDFName.of("EF"), PDFDict)?.lookup(PDFName.of("F"));
    if (!(stream instanceof PDFRawStream)) continue;
    const raw = stream.contents;
    const filter = stream.dict.get(PDFName.of("Filter"));
    const bytes = filter && String(filter).includes("FlateDecode") ? unzlibSync(raw) : raw;
    return new TextDecoder().decode(bytes);
  }
  return null;
}

export function truthOf(xml: string): EInvoiceTruth | null {
  const header = /<(?:[\w-]+:)?(?:Header)?ExchangedDocument>([\s\S]*?)<\/(?:[\w-]+:)?(?:Header)?ExchangedDocument>/.exec(xml)?.[1] ?? "";
  const number = tag(header, "ID");
  if (!number) return null;
  const total = tag(xml, "GrandTotalAmount") ?? tag(xml, "DuePayableAmount");
  const dueRaw = /DueDateDateTime>\s*<(?:[\w-]+:)?DateTimeString[^>]*>(\d{8})</.exec(xml)?.[1];
  const issuedRaw = /IssueDateTime>\s*<(?:[\w-]+:)?DateTimeString[^>]*>(\d{8})</.exec(header)?.[1];
  const sellerBlock = /<(?:[\w-]+:)?SellerTradeParty>([\s\S]*?)<\/(?:[\w-]+:)?SellerTradeParty>/.exec(xml)?.[1] ?? "";
  const buyerBlock = /<(?:[\w-]+:)?BuyerTradeParty>([\s\S]*?)<\/(?:[\w-]+:)?BuyerTradeParty>/.exec(xml)?.[1] ?? "";
  const iso = (d: string | undefined) => (d ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : null);
  return {
    number,
    total: total ? Number(total).toFixed(2) : null,
    due: iso(dueRaw),
    issued: iso(issuedRaw),
    seller: tag(sellerBlock, "Name"),
    buyer: tag(buyerBlock, "Name"),
  };
}
