// Email addresses as people type them in a spreadsheet cell: unwrap, lower-case, check the syntax, and say why not.

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

/**
 * Trims, unwraps "Name <addr>" and "mailto:", lower-cases and checks the syntax (dot-atom local part,
 * a domain with at least two labels and an alphabetic TLD).
 */
export function normalizeEmail(input: string): EmailCheck {
  let s = input.trim();
  if (!s) return { ok: false, reason: "no email address" };
  const angle = /<([^<>]*)>\s*$/.exec(s);
  if (angle) s = angle[1].trim();
  s = s.replace(/^mailto:/i, "").trim();
  if (/[,;\s]/.test(s) && s.split(/[,;\s]+/).filter((p) => p.includes("@")).length > 1) {
    return { ok: false, reason: "more than one address in the cell" };
  }
  if (/\s/.test(s)) return { ok: false, reason: "contains spaces" };
  const at = s.lastIndexOf("@");
  if (at < 0) return { ok: false, reason: "missing @" };
  const local = s.slice(0, at);
  const domain = s.slice(at + 1).toLowerCase().replace(/\.$/, "");
  if (!local) return { ok: false, reason: "nothing before @" };
  if (local.length > 64 || s.length > 254) return { ok: false, reason: "too long" };
  if (!LOCAL.test(local)) return { ok: false, reason: `invalid characters or dots before @ ("${local}")` };
  const labels = domain.split(".");
  if (labels.length === 1 && LABEL.test(domain)) {
    return { ok: false, reason: `domain "${domain}" has no top-level domain (like .com)` };
  }
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return { ok: false, reason: `invalid domain "${domain}"` };
  if (!/^[a-z]{2,63}$|^xn--[a-z0-9-]{2,59}$/.test(labels[labels.length - 1])) {
    return { ok: false, reason: `invalid top-level domain ".${labels[labels.length - 1]}"` };
  }
  return { ok: true, email: `${local.toLowerCase()}@${domain}` };
}

export function isValidEmail(input: string): boolean {
  return normalizeEmail(input).ok;
}

