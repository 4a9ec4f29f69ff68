import { normalizeEmail } from "./email-address";
import { columnLetter, RecipientImportError, type RecipientTable } from "./recipient-file";
import { placeholderKey, RECIPIENT_FIELDS, type RecipientField, type RecipientMapping } from "./recipient-mapping";

// Importing a recipient list (read by recipient-file.ts, mapped by recipient-mapping.ts): validate and normalise
// addresses, drop in-list duplicates, suppressed and (optionally) already contacted addresses — every skipped row
// is reported with its row number and reason; good rows are never lost because of bad ones. Every column that is
// not mapped becomes a placeholder field.

export interface ImportedRecipient {
  rowNumber: number;
  /** Normalised (trimmed, lower-cased) address. */
  email: string;
  name?: string;
  company?: string;
  role?: string;
  designation?: string;
  /** Every placeholder value for this recipient, by placeholder key (see ImportResult.columns). */
  fields: Record<string, string>;
}

export type SkipReason = "invalid_email" | "duplicate" | "suppressed" | "already_contacted";

export interface SkippedRow {
  rowNumber: number;
  /** The address as written in the file (trimmed). */
  email: string;
  reason: SkipReason;
  /** Human-readable explanation, e.g. "duplicate of row 4". */
  detail: string;
}

export interface ImportOptions {
  mapping: RecipientMapping;
  /** Lower-cased addresses on the workspace's suppression list (unsubscribed, bounced). */
  suppressed?: ReadonlySet<string>;
  /** Lower-cased addresses this workspace has already emailed. */
  alreadyContacted?: ReadonlySet<string>;
  /** Skip addresses in `alreadyContacted` (default true when that set is given). */
  skipAlreadyContacted?: boolean;
}

export interface ImportResult {
  recipients: ImportedRecipient[];
  skipped: SkippedRow[];
  /** Placeholder keys available to the template (mapped fields, `first_name`, then extra columns). */
  columns: string[];
  /** Which header became which placeholder key. */
  columnKeys: { header: string; key: string }[];
  totalRows: number;
}

/** "Fecha de Ingreso" → "fecha_de_ingreso"; used for placeholder keys of extra columns. */
function lowerSet(s: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined {
  if (!s) return undefined;
  for (const v of s) {
    if (v !== v.toLowerCase() || v !== v.trim()) return new Set([...s].map((x) => x.trim().toLowerCase()));
  }
  return s;
}

export function importRecipients(table: RecipientTable, opts: ImportOptions): ImportResult {
  const { mapping } = opts;
  const idx = new Map(table.headers.map((h, i) => [h, i]));
  const fieldIdx: Partial<Record<RecipientField, number>> = {};
  for (const field of RECIPIENT_FIELDS) {
    const header = mapping[field];
    if (header === undefined || header === "") {
      if (field === "email") throw new RecipientImportError("choose which column holds the email address");
      continue;
    }
    const i = idx.get(header);
    if (i === undefined) {
      throw new RecipientImportError(`${field}: column "${header}" is not in the file (columns: ${table.headers.join(", ")})`);
    }
    fieldIdx[field] = i;
  }

  // Placeholder keys: mapped fields keep their field name; every other column gets a key from its header.
  const columnKeys: { header: string; key: string }[] = [];
  // "unsubscribe_url" is filled by the sender (see template.ts SYSTEM_PLACEHOLDERS); a column cannot shadow it.
  const usedKeys = new Set<string>([...RECIPIENT_FIELDS.filter((f) => fieldIdx[f] !== undefined), "unsubscribe_url"]);
  const mappedCols = new Set(Object.values(fieldIdx));
  const extra: { i: number; key: string }[] = [];
  for (const f of RECIPIENT_FIELDS) if (fieldIdx[f] !== undefined) columnKeys.push({ header: table.headers[fieldIdx[f]!], key: f });
  const deriveFirstName = fieldIdx.name !== undefined && !table.headers.some((h) => placeholderKey(h) === "first_name");
  if (deriveFirstName) usedKeys.add("first_name");
  table.headers.forEach((h, i) => {
    if (mappedCols.has(i)) return;
    let key = placeholderKey(h) || `column_${columnLetter(i).toLowerCase()}`;
    if (/^\d/.test(key)) key = `c_${key}`;
    if (usedKeys.has(key)) {
      let n = 2;
      while (usedKeys.has(`${key}_${n}`)) n++;
      key = `${key}_${n}`;
    }
    usedKeys.add(key);
    extra.push({ i, key });
    columnKeys.push({ header: h, key });
  });
  const columns = [
    ...RECIPIENT_FIELDS.filter((f) => fieldIdx[f] !== undefined),
    ...(deriveFirstName ? ["first_name"] : []),
    ...extra.map((e) => e.key),
  ];

  const suppressed = lowerSet(opts.suppressed);
  const contacted = opts.skipAlreadyContacted === false ? undefined : lowerSet(opts.alreadyContacted);
  const firstRowOf = new Map<string, number>();
  const recipients: ImportedRecipient[] = [];
  const skipped: SkippedRow[] = [];
  const emailCol = fieldIdx.email!;

  for (const row of table.rows) {
    const rawEmail = (row.cells[emailCol] ?? "").trim();
    const check = normalizeEmail(rawEmail);
    if (!check.ok) {
      skipped.push({ rowNumber: row.rowNumber, email: rawEmail, reason: "invalid_email", detail: check.reason });
      continue;
    }
    const email = check.email;
    if (suppressed?.has(email)) {
      skipped.push({ rowNumber: row.rowNumber, email: rawEmail, reason: "suppressed", detail: "on the suppression list (unsubscribed or bounced)" });
      continue;
    }
    if (contacted?.has(email)) {
      skipped.push({ rowNumber: row.rowNumber, email: rawEmail, reason: "already_contacted", detail: "already contacted by this workspace" });
      continue;
    }
    const first = firstRowOf.get(email);
    if (first !== undefined) {
      skipped.push({ rowNumber: row.rowNumber, email: rawEmail, reason: "duplicate", detail: `duplicate of row ${first}` });
      continue;
    }
    firstRowOf.set(email, row.rowNumber);

    const fields: Record<string, string> = { email };
    const r: ImportedRecipient = { rowNumber: row.rowNumber, email, fields };
    for (const f of ["company", "name", "role", "designation"] as const) {
      const i = fieldIdx[f];
      if (i === undefined) continue;
      const v = (row.cells[i] ?? "").trim();
      fields[f] = v;
      if (v) r[f] = v;
    }
    if (deriveFirstName) fields.first_name = (fields.name ?? "").split(/\s+/)[0] ?? "";
    for (const e of extra) fields[e.key] = (row.cells[e.i] ?? "").trim();
    recipients.push(r);
  }
  return { recipients, skipped, columns, columnKeys, totalRows: table.rows.length };
}
