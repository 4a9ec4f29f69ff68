// Invoice reading: public surface for the CLI, the background function and the review UI.
export { classifyDocument } from "./classify";
export { ExtractionError } from "./errors";
export { extractInvoice } from "./extract";
export { offlineExtractor, readInvoicesOffline } from "./offline";
export { createOpenAIExtractor, type OpenAIExtractorOptions } from "./openai";
export { ocrDocumentPages, terminateOcr } from "./ocr";
export { detectCurrency, detectLocale, findTaxIds, parseAmount, parseDate, toMoney } from "./parse";
export { extractPdfPages } from "./pdf";
export { processDocument, type ProcessOptions } from "./process";
export { sniffFile } from "./sniff";
export { splitInvoices } from "./split";
export * from "./types";
export { validateInvoice } from "./validate";
