import type { Db } from "@/db/client";
import { alreadyContactedSet, suppressedSet } from "@/db/queries/campaigns/suppressions";
import { readRecipientFile, RecipientImportError, type RecipientTable } from "@/lib/campaigns/recipient-file";
import { suggestRecipientMapping, type RecipientMapping } from "@/lib/campaigns/recipient-mapping";
import { importRecipients } from "@/lib/campaigns/recipients";
import { UserError } from "@/lib/errors";

// A campaign's recipient list: read the uploaded file, suggest a mapping, import it against the workspace's
// suppressions (and, unless asked not to, everyone already contacted). Every skipped row is reported.

export interface MappingInput {
  email: string;
  company?: string;
  name?: string;
  role?: string;
  designation?: string;
}

export async function readList(file: { filename: string; content: Uint8Array }): Promise<RecipientTable> {
  try {
    return await readRecipientFile(file.content, file.filename);
  } catch (err) {
    if (err instanceof RecipientImportError) throw new UserError(err.message);
    throw err;
  }
}

export function cleanMapping(m: MappingInput): RecipientMapping {
  const out: RecipientMapping = { email: m.email };
  for (const k of ["company", "name", "role", "designation"] as const) if (m[k]) out[k] = m[k];
  return out;
}

export async function importList(db: Db, q: { workspaceId: string }, table: RecipientTable, mapping: RecipientMapping, skipAlreadyContacted: boolean) {
  try {
    return importRecipients(table, {
      mapping,
      suppressed: await suppressedSet(db, q),
      alreadyContacted: skipAlreadyContacted ? await alreadyContactedSet(db, q) : undefined,
      skipAlreadyContacted,
    });
  } catch (err) {
    if (err instanceof RecipientImportError) throw new UserError(err.message);
    throw err;
  }
}

/** Reads an uploaded list: headers, suggested mapping, a sample; with a mapping, the import's result (every skipped row). */
export async function inspectRecipientFile(
  db: Db,
  q: { workspaceId: string },
  input: { filename: string; content: Uint8Array; mapping?: MappingInput; skipAlreadyContacted: boolean },
) {
  const table = await readList(input);
  const suggestion = suggestRecipientMapping(table.headers, table.rows.slice(0, 50).map((r) => r.cells));
  const mapping = input.mapping ? cleanMapping(input.mapping) : suggestion.mapping.email ? (suggestion.mapping as RecipientMapping) : null;
  const result = mapping ? await importList(db, q, table, mapping, input.skipAlreadyContacted) : null;
  return {
    headers: table.headers,
    sheetName: table.sheetName ?? null,
    warnings: table.warnings ?? [],
    totalRows: table.rows.length,
    sample: table.rows.slice(0, 5).map((r) => r.cells),
    suggestion: suggestion.mapping,
    mapping,
    result: result && {
      recipients: result.recipients.length,
      columns: result.columns,
      columnKeys: result.columnKeys,
      skipped: result.skipped,
      preview: result.recipients.slice(0, 3).map((r) => r.fields),
    },
  };
}
