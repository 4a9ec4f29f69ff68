// An audit event in the user's words: what happened ("approved the invoice") and what changed, field by field,
// before → after ("Total: 117.00 → 116.00"), never the stored JSON. The raw record stays available to admins
// behind a "details" toggle; everything else reads from here.

import { HEADER_FIELD_LABELS } from "@/lib/workspace-settings";

export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

export interface AuditDescription {
  /** "Edited a field", "Approved", "Accepted the vehicle code" … */
  what: string;
  changes: AuditChange[];
  /** Facts recorded with the event that are not before/after pairs ("Reason: credit agreed"). */
  notes: AuditChange[];
}

const FIELD_LABELS: Record<string, string> = {
  ...HEADER_FIELD_LABELS,
  lineItems: "Line items",
  status: "Status",
  confidence: "Confidence",
  approvedDespite: "Approved despite",
  reason: "Reason",
  code: "Vehicle code",
  machineCode: "Docket's code",
  decision: "Docket's decision",
  review: "Review",
  case: "Case",
  rowNo: "Row",
  rowNumber: "Row",
  insuredValue: "Insured value",
  startAt: "Starts",
  timeZone: "Time zone",
  window: "Sending window",
  role: "Role",
  email: "Email",
  name: "Name",
  error: "Error",
  from: "From",
  subject: "Subject",
  source: "Source",
  attachments: "Attachments",
  filename: "File",
  bulk: "In bulk",
  minConfidence: "Lowest confidence",
  message: "Message",
  generation: "Run",
  broker: "Broker",
  perHour: "Per hour",
  perDay: "Per day",
  minGapSec: "Shortest gap (s)",
  maxGapSec: "Longest gap (s)",
};

const ACTION_PHRASES: Record<string, string> = {
  "invoice.field_edited": "Edited a field",
  "workspace.invoice_settings_changed": "Changed the invoice review rules",
  "invoice.lines_edited": "Edited the line items",
  "invoice.extracted": "Read the invoice",
  "invoice.approved": "Approved",
  "invoice.rejected": "Rejected",
  "invoice.reopened": "Reopened for review",
  "invoice.ready": "Marked ready",
  "invoice.needs_review": "Sent back to review",
  "fleet_row.accepted": "Accepted the vehicle code",
  "fleet_row.corrected": "Corrected the vehicle code",
  "fleet_row.rejected": "Marked as no code in the catalog",
  "document.stored": "Stored the file",
  "document.processed": "Read the document",
  "document.failed": "Could not read the document",
  "document.reprocess_requested": "Asked to read the document again",
  "message.received": "Received the email",
  "member.role_changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "member.left": "Left the workspace",
  "invitation.created": "Invited someone",
  "invitation.accepted": "Accepted an invitation",
  "invitation.revoked": "Revoked an invitation",
  "invitation.withdrawn": "Withdrew an invitation its sender can no longer send",
  "campaign.paused": "Paused the campaign",
  "campaign.resumed": "Resumed the campaign",
  "campaign.scheduled": "Scheduled the campaign",
  "campaign.started": "Started sending",
  "campaign.completed": "Finished sending",
  "campaign.cancelled": "Cancelled the campaign",
  "case.matched": "Matched the vehicles",
  "case.exported": "Exported the quote file",
  "case.rematch_requested": "Asked to match again",
  "match_alias.learned": "Learned from a correction",
};

/** "vendorTaxId" → "Vendor tax ID"; unknown keys become words ("insured_value" → "Insured value"). */
export function fieldLabel(key: string): string {
  if (FIELD_LABELS[key]) return FIELD_LABELS[key];
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "invoice.field_edited" → "Edited a field"; unknown actions become words ("Sending account updated"). */
export function actionPhrase(action: string): string {
  if (ACTION_PHRASES[action]) return ACTION_PHRASES[action];
  const [entity, verb = ""] = action.split(".");
  return fieldLabel(`${entity} ${verb}`);
}

const STATUS_WORDS = /^[a-z]+(_[a-z]+)+$/;

/** One value as a person reads it: numbers and dates as they are, statuses as words, lists joined, no JSON. */
export function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return /confidence|threshold/i.test(key) ? `${Math.round(v * 100)} %` : String(v);
  // a list of field names ("requiredFields") reads as the fields' names
  if (typeof v === "string" && /fields$/i.test(key) && FIELD_LABELS[v]) return FIELD_LABELS[v];
  if (typeof v === "string") return STATUS_WORDS.test(v) ? v.replace(/_/g, " ") : v;
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== "object" || x === null)) return v.map((x) => valueText(key, x)).join("; ") || "—";
    return `${v.length} ${v.length === 1 ? "item" : "items"}`;
  }
  if (typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${fieldLabel(k)}: ${valueText(k, x)}`)
      .join(", ");
  }
  return String(v);
}

const asRecord = (v: unknown): Record<string, unknown> | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/**
 * What changed, field by field. A key on both sides is a change (left out when equal); a key only after the event is
 * a change from nothing unless it is a note of the event itself (reason, approved despite …).
 */
export function describeAudit(e: { action: string; before: unknown; after: unknown }): AuditDescription {
  const before = asRecord(e.before);
  const after = asRecord(e.after);
  const changes: AuditChange[] = [];
  const notes: AuditChange[] = [];
  if (!before && !after) {
    if (Array.isArray(e.before) || Array.isArray(e.after)) {
      changes.push({ field: "Items", before: valueText("", e.before), after: valueText("", e.after) });
    }
    return { what: actionPhrase(e.action), changes, notes };
  }
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const NOTE_KEYS = new Set(["reason", "approvedDespite", "bulk", "minConfidence", "case", "message", "error", "source", "attachments", "from", "subject"]);
  for (const k of keys) {
    const b = before?.[k];
    const a = after?.[k];
    if (before && k in before && after && k in after) {
      if (valueText(k, b) !== valueText(k, a)) changes.push({ field: fieldLabel(k), before: valueText(k, b), after: valueText(k, a) });
    } else if (k === "confidence" && before && k in before) {
      // recorded with a field edit: how sure Docket had been of the value the person replaced — none when the
      // field was empty (Docket found nothing; "0 %" read as a doubt about a value that was never there)
      const replaced = Object.keys(before).filter((x) => x !== "confidence" && x !== "status" && after && x in after);
      if (replaced.length && replaced.every((x) => before[x] === null || before[x] === undefined || before[x] === "")) continue;
      notes.push({ field: "Docket's confidence before", before: "", after: valueText(k, b) });
    } else if (NOTE_KEYS.has(k) || !before) {
      // a note with nothing in it ("Duplicate of: —") tells the reader nothing
      const v = a ?? b;
      if (v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
      notes.push({ field: fieldLabel(k), before: "", after: valueText(k, a ?? b) });
    } else {
      changes.push({ field: fieldLabel(k), before: valueText(k, b), after: valueText(k, a) });
    }
  }
  return { what: actionPhrase(e.action), changes, notes };
}

const ENTITY_LABELS: Record<string, string> = {
  invoice: "Invoice",
  document: "Document",
  message: "Email",
  insurance_case: "Insurance case",
  fleet_row: "Vehicle row",
  catalog: "Catalog",
  insurer: "Insurer",
  broker: "Broker",
  broker_profile: "Broker profile",
  match_alias: "Learned vehicle code",
  insurance_settings: "Insurance settings",
  campaign: "Campaign",
  campaign_recipient: "Campaign recipient",
  sending_account: "Sending account",
  suppression: "Unsubscribe list",
  mailbox: "Mailbox",
  membership: "Team member",
  invitation: "Invitation",
  workspace: "Workspace",
  job: "Background job",
};

/** "insurance_case" → "Insurance case": the kind of thing an event is about, in words. */
export function entityLabel(entityType: string): string {
  return ENTITY_LABELS[entityType] ?? fieldLabel(entityType);
}

/** Where a person opens the thing an event is about, when it has a page of its own. */
export function entityHref(entityType: string, entityId: string): string | null {
  switch (entityType) {
    case "invoice":
      return `/invoices/${entityId}`;
    case "insurance_case":
      return `/insurance/cases/${entityId}`;
    case "campaign":
      return `/campaigns/${entityId}`;
    case "job":
      return `/activity/jobs/${entityId}`;
    default:
      return null;
  }
}
