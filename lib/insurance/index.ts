/**
 * Insurance intake, pure logic (no DB, no Next.js): spreadsheets → broker profiles → canonical fleet
 * rows → catalog matching → quote export. See the module files for details.
 */
export { readWorkbook, cellText, SpreadsheetError, type Cell, type Sheet, type Workbook } from "./workbook";
export { detectHeader, suggestMapping, type HeaderDetection, type MappingSuggestion } from "./mapping";
export { FLEET_FIELDS, FIELD_LABELS, HEADER_SYNONYMS, fleetFieldSchema, parseMoney, parsePercent, type FleetField } from "./fields";
export {
  applyProfile,
  brokerProfileSchema,
  suggestProfile,
  detectBrokerByLayout,
  toFleetRowInput,
  type ApplyProfileResult,
  type LayoutCandidate,
  type BrokerProfile,
  type BrokerProfileInput,
  type CanonicalRow,
  type ProfileError,
  type ProfileRow,
} from "./profile";
export { parseCatalog, catalogToCsv, CatalogFormatError, type CatalogEntry, type CatalogRowError, type ParsedCatalog } from "./catalog";
export { buildCatalogIndex, type CatalogIndex } from "./catalog-index";
export {
  matchRow,
  matchRows,
  fleetRowKey,
  DEFAULT_THRESHOLDS,
  type FleetRowInput,
  type MatchCandidate,
  type MatchDecision,
  type MatchOptions,
  type MatchResult,
  type MatchThresholds,
  type ParsedAttributes,
} from "./matcher";
export { naiveTrigramMatch, prepareNaiveCatalog } from "./naive";
export {
  GCOTIZA_TEMPLATE,
  MATCH_RESULTS_TEMPLATE,
  QUOTE_SOURCES,
  quoteFileTemplate,
  ExportError,
  matchResultsToCsv,
  quoteTemplateSchema,
  writeMatchResultsXlsx,
  writeQuoteXlsx,
  writeQuoteXlsxToStream,
  type ExportRow,
  type QuoteColumn,
  type QuoteTemplate,
} from "./export";
export { formatCotNumber, parseCotNumber } from "./cot";
export { quoteVehicle, flagUseConflict, kindOfUse, sameUse, type QuoteVehicle, type UseConflict } from "./quote-vehicle";
export { createOpenAIReranker, applyRerank, inReviewBand, type RerankDecision, type RerankItem, type Reranker } from "./reranker";
