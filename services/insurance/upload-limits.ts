import { UserError } from "@/lib/errors";

/** The largest broker spreadsheet, sample or catalog file accepted. */
export const MAX_INSURANCE_FILE_BYTES = 25 * 1024 * 1024;

export function checkUploadSize(f: { filename: string; content: Uint8Array }) {
  if (f.content.length === 0) throw new UserError(`${f.filename} is empty.`);
  if (f.content.length > MAX_INSURANCE_FILE_BYTES) throw new UserError(`${f.filename} is larger than 25 MB.`);
}
