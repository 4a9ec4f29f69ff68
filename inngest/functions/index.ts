import type { InngestFunction } from "inngest";
import { embedCatalog } from "./embed-catalog";
import { evaluateAlertsHourly, evaluateAlertsOnDemand } from "./evaluate-alerts";
import { extractDocument } from "./extract-document";
import { importCatalog } from "./import-catalog";
import { indexDocumentBacklog, indexDocumentFunction } from "./index-document";
import { matchCase } from "./match-case";
import { openCaseFromEmail } from "./open-case-from-email";
import { pollMailbox, scheduleMailboxPolls } from "./poll-mailboxes";
import { resendStuckDocuments } from "./resend-stuck-documents";
import { sendAlertDigestFunction } from "./send-alert-digest";
import { resumeQuotaPausedCampaigns, sendCampaign } from "./send-campaign";

// The registry of Inngest functions: served at /api/inngest and run by the embedded runner.
// Add a function by creating `inngest/functions/<verb-noun>.ts` and one line to this array.

export const functions: InngestFunction.Any[] = [extractDocument, sendCampaign, resumeQuotaPausedCampaigns, scheduleMailboxPolls, pollMailbox, matchCase, importCatalog, embedCatalog, openCaseFromEmail, resendStuckDocuments, indexDocumentFunction, indexDocumentBacklog, evaluateAlertsHourly, evaluateAlertsOnDemand, sendAlertDigestFunction];
