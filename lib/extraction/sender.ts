// The seller from the email an invoice came with: when the pages give no seller (or only a weak guess), the sender's
// own business domain names it ("billing@acme-tools.de" → "Acme Tools", or the sender's display name when it is that
// company's). Free-mail domains, the buyer's own domain and generic mailbox names never do; a display name with a legal
// form ("Müller Bau GmbH") names the company whatever the domain.

import { COMPANY_FORM, nameMatchesDomain } from "./parties";
import { foldKeep } from "./layout";
import type { ExtractedInvoice } from "./types";

export interface MailSender {
  address: string;
  name?: string | null;
}

/** Mail providers anyone can sign up to: their domain says nothing about the sender's company. */
const FREE_MAIL = new Set(
  "gmail googlemail yahoo ymail hotmail outlook live msn icloud me mac aol gmx web t-online freenet arcor orange wanadoo free laposte sfr neuf libero virgilio tiscali alice proton protonmail pm yandex mail inbox rediffmail qq 163 126 naver seznam wp onet o2 bluewin hispeed telenet skynet ziggo kpnmail planet hetnet xs4all sapo terra uol bol ig".split(" "),
);
/** Second-level labels under which companies register (acme.co.uk, acme.com.mx). */
const SECOND_LEVEL = new Set("co com net org gov ac edu gob ltd plc".split(" "));
/** Mailbox words that name a function, not a company ("Billing", "Rechnungsversand", "noreply"). */
const GENERIC = /^(no-?reply|do-?not-?reply|billing|invoices?|invoicing|accounts?( payable| receivable)?|receivables?|finance|payments?|facturation|factures?|comptabilite|rechnung(en|sversand)?|buchhaltung|faktura|facturacion|facturas?|fatture|fatturazione|facturen|administratie|info|support|service|team|office|kontakt|contact|hello|mail|notifications?|noreply)$/;

/** "billing@mail.acme-tools.co.uk" → { label: "acme-tools", domain: "acme-tools.co.uk" }; null for free mail. */
export function businessDomain(address: string): { label: string; domain: string } | null {
  const at = address.trim().toLowerCase().replace(/^.*<|>.*$/g, "").split("@");
  if (at.length !== 2 || !/^[a-z0-9.-]+\.[a-z]{2,}$/.test(at[1])) return null;
  const parts = at[1].split(".");
  const n = parts.length >= 3 && SECOND_LEVEL.has(parts[parts.length - 2]) ? 3 : 2;
  const domainParts = parts.slice(-n);
  const label = domainParts[0];
  if (FREE_MAIL.has(label) || label.length < 2) return null;
  return { label, domain: domainParts.join(".") };
}

/** The sender's display name without mailbox words and relays: "Acme Tools Billing via Stripe" → "Acme Tools". */
export function displayName(sender: MailSender): string {
  const display = (sender.name ?? "")
    .replace(/["']/g, "")
    .replace(/\s+(via|through|über|par|por|tramite)\s+.*$/i, "")
    .split(/\s+[-–|:]\s+|\s*\(/)[0]
    .trim();
  return display
    .split(/\s+/)
    .filter((w) => !GENERIC.test(foldKeep(w)))
    .join(" ")
    .trim();
}

const nameWords = (s: string) => foldKeep(s).replace(COMPANY_FORM, " ").split(/[^a-z0-9]+/).filter(Boolean).join(" ");

/**
 * The display name as evidence, whatever the domain (free mail included): a name with its legal form ("Müller Bau
 * GmbH" <muellerbau@gmx.de>) is the sending company's; it confirms a page vendor of the same name, or names the seller
 * when the pages give only a weak guess.
 */
function vendorFromDisplayName(inv: ExtractedInvoice, sender: MailSender): ExtractedInvoice | null {
  const named = displayName(sender);
  const words = nameWords(named);
  if (words.length < 3 || (inv.billToName && nameWords(inv.billToName) === words)) return null;
  const conf = inv.confidence.vendorName ?? 0;
  if (inv.vendorName && nameWords(inv.vendorName) === words) return { ...inv, confidence: { ...inv.confidence, vendorName: Math.max(conf, 0.9) } };
  if (!COMPANY_FORM.test(named) || (inv.vendorName && conf >= 0.6)) return null;
  return {
    ...inv,
    vendorName: named,
    confidence: { ...inv.confidence, vendorName: 0.7 },
    learned: { ...inv.learned, vendorName: `from the sender's name ("${named}")${inv.vendorName ? `; the page read "${inv.vendorName}"` : ""}` },
  };
}

/** The company name the sender stands for: its display name when that is the domain's company, else the domain. */
export function senderCompany(sender: MailSender): { name: string; domain: string } | null {
  const d = businessDomain(sender.address);
  if (!d) return null;
  const named = displayName(sender);
  if (named.length >= 2 && !GENERIC.test(foldKeep(named)) && nameMatchesDomain(named, d.label)) return { name: named, domain: d.domain };
  const fromDomain = d.label
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => (w.length <= 3 ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
    .join(" ");
  return { name: fromDomain, domain: d.domain };
}

/**
 * The vendor from the sender when the pages give no better seller evidence: no vendor, or a weak guess (below 0.6)
 * that the sender's domain does not confirm. A page vendor the domain confirms gains confidence instead.
 */
export function vendorFromSender(inv: ExtractedInvoice, sender: MailSender | null | undefined): ExtractedInvoice {
  if (!sender || inv.sources?.vendorName === "e-invoice" || inv.sources?.vendorName === "learned") return inv;
  const company = senderCompany(sender);
  if (!company) return vendorFromDisplayName(inv, sender) ?? inv;
  const label = company.domain.split(".")[0];
  // mail from the buyer's own domain (a colleague forwarding the invoice) says nothing about the seller
  if (inv.billToName && nameMatchesDomain(inv.billToName, label)) return inv;
  const conf = inv.confidence.vendorName ?? 0;
  if (inv.vendorName && nameMatchesDomain(inv.vendorName, label)) {
    return { ...inv, confidence: { ...inv.confidence, vendorName: Math.max(conf, 0.95) } };
  }
  if (inv.vendorName && conf >= 0.6) return vendorFromDisplayName(inv, sender) ?? inv;
  return {
    ...inv,
    vendorName: company.name,
    confidence: { ...inv.confidence, vendorName: 0.7 },
    learned: { ...inv.learned, vendorName: `from the sender's email domain (${company.domain})${inv.vendorName ? `; the page read "${inv.vendorName}"` : ""}` },
  };
}
