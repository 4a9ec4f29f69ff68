/**
 * Errors raised while taking documents in. Every message names the file (or mailbox) it is about and
 * says what the person can do, so it can be shown as-is next to that file in the upload list.
 */
export type IntakeErrorCode =
  | "empty"
  | "too_large"
  | "unsupported_type"
  | "zip_corrupt"
  | "zip_encrypted"
  | "zip_unsupported_method"
  | "zip_bomb"
  | "zip_too_many_entries"
  | "zip_too_deep"
  | "pdf_corrupt"
  | "pdf_encrypted"
  | "eml_invalid"
  | "manual_entry_invalid"
  | "imap_auth"
  | "imap_connection"
  | "imap_folder"
  | "imap_protocol"
  | "graph_auth"
  | "graph_http"
  | "graph_rate_limited";

export class IntakeError extends Error {
  readonly code: IntakeErrorCode;
  /** The file (or path inside an archive, or mailbox) the error is about, when there is one. */
  readonly filename: string | undefined;

  constructor(code: IntakeErrorCode, message: string, options: { filename?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "IntakeError";
    this.code = code;
    this.filename = options.filename;
  }
}

export function isIntakeError(value: unknown): value is IntakeError {
  return value instanceof IntakeError;
}

/** "12.4 MB", "830 KB", "17 bytes" — sizes in messages a person reads. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  if (bytes < 1024 * 1024) return `${trimNumber(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${trimNumber(bytes / (1024 * 1024))} MB`;
  return `${trimNumber(bytes / (1024 * 1024 * 1024))} GB`;
}

function trimNumber(n: number): string {
  return n >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10);
}

/** The label used for a file in messages; falls back when the name is missing. */
export function fileLabel(filename: string | undefined): string {
  const trimmed = filename?.trim();
  return trimmed ? trimmed : "(unnamed file)";
}
