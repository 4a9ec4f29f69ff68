/**
 * Document intake: pure logic and mailbox connectors. No database, no Next.js, no environment reads:
 * every limit, credential and base URL is passed in by the caller.
 *
 *   intakeFile(bytes, filename)            upload → documents (sniff, zip expansion, PDF check, .eml parse)
 *   intakeEmailAttachments(parsedEmail)    an email's attachments → documents
 *   parseEml / buildEmlFromManualEntry     .eml upload, IMAP/Graph MIME, manual entry → ParsedEmail
 *   fetchNewMessages (IMAP)                one poll of an IMAP folder, idempotent by UID cursor
 *   fetchGraphMessages (Microsoft Graph)   one poll of an Outlook folder (unread with attachments)
 *
 * Secrets for the connectors are stored with lib/crypto/secrets (createSecretBox).
 */
export { IntakeError, isIntakeError, formatBytes, type IntakeErrorCode } from "./errors";
export {
  sniff,
  sniffOrThrow,
  detectFormat,
  formatInfo,
  ALL_FORMATS,
  DEFAULT_MAX_FILE_BYTES,
  type IntakeFormat,
  type IntakeKind,
  type SniffOptions,
  type SniffResult,
} from "./sniff";
export {
  expandZip,
  DEFAULT_ZIP_LIMITS,
  type ExpandZipOptions,
  type ExpandedZip,
  type ZipEntryProblem,
  type ZipFile,
  type ZipLimits,
  type ZipSkipReason,
} from "./zip";
export {
  parseEml,
  buildEmlFromManualEntry,
  DEFAULT_MAX_EML_BYTES,
  type EmailAddress,
  type EmailAttachment,
  type ManualEmailEntry,
  type ParseEmlOptions,
  type ParsedEmail,
} from "./eml";
export { checkPdf, checkPdfOrThrow, type PdfCheckResult } from "./pdf-check";
export {
  intakeFile,
  intakeEmailAttachments,
  type IntakeItem,
  type IntakeOptions,
  type IntakeProblem,
  type IntakeResult,
} from "./intake-file";
export {
  fetchNewMessages,
  markImapMessagesProcessed,
  verifyImapMailbox,
  toImapIntakeError,
  DEFAULT_IMAP_MAX_MESSAGES,
  DEFAULT_IMAP_MAX_MESSAGE_BYTES,
  type FetchNewMessagesOptions,
  type FetchNewMessagesResult,
  type ImapConnectionOptions,
  type ImapCursor,
  type ImapMarkProcessed,
  type ImapMessage,
} from "./imap";
export {
  createGraphMailClient,
  fetchGraphMessages,
  GraphRateLimitError,
  GRAPH_UNREAD_WITH_ATTACHMENTS_FILTER,
  type GraphFetchResult,
  type GraphFetchedMessage,
  type GraphMailClient,
  type GraphMailConfig,
  type GraphMessageSummary,
} from "./graph";
