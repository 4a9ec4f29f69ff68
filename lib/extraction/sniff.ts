// What a file really is, from its first bytes (the declared content type is only a hint).

import { looksLikeEInvoiceXml } from "./einvoice";

export type FileKind = "pdf" | "png" | "jpeg" | "tiff" | "xml" | "unknown";

export function sniffFile(data: Uint8Array, contentType?: string | null): FileKind {
  const b = data;
  const head = String.fromCharCode(...b.subarray(0, 1024));
  if (head.includes("%PDF-")) return "pdf";
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "png";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a)) return "tiff";
  if (looksLikeEInvoiceXml(new TextDecoder("utf-8").decode(b.subarray(0, 4096)))) return "xml";
  const ct = (contentType ?? "").toLowerCase();
  if (ct.includes("pdf") && b.length === 0) return "pdf";
  return "unknown";
}
