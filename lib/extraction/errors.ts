/** A document Docket cannot read (encrypted, corrupt, unsupported), with a message naming the file. */
export class ExtractionError extends Error {
  override name = "ExtractionError";
  constructor(
    message: string,
    readonly code: "encrypted" | "corrupt" | "unsupported" | "ocr_failed" | "model_failed" | "model_output" = "corrupt",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
