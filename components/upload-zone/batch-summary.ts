// What a finished upload batch says under its files: how many were stored and where their reading can be followed.
// The upload zone only stores files; reading them (classify, extract, index) happens in the background afterwards,
// so "done" alone left a person who dropped a folder of invoices in the Inbox without a next step.

export interface FinishedItem {
  state: "queued" | "uploading" | "processing" | "done" | "duplicate" | "error";
  /** Files stored by this item (a .zip or .eml stores several). */
  stored: number;
}

export interface BatchSummary {
  text: string;
  /** Where to follow the reading: Documents (every file, live) and Invoices (what was read as one). */
  links: { href: string; label: string }[];
}

export function batchSummary(items: readonly FinishedItem[]): BatchSummary | null {
  if (!items.length || items.some((i) => i.state === "queued" || i.state === "uploading" || i.state === "processing")) return null;
  const stored = items.reduce((n, i) => n + i.stored, 0);
  const failed = items.filter((i) => i.state === "error").length;
  const problems = failed ? ` ${failed} file${failed > 1 ? "s" : ""} could not be taken in (reason beside each).` : "";
  if (!stored) return failed ? { text: problems.trim(), links: [] } : null;
  return {
    text: `${stored} file${stored > 1 ? "s" : ""} stored; Docket is reading ${stored > 1 ? "them" : "it"} now.${problems} Follow each file's progress in`,
    links: [
      { href: "/documents", label: "Documents" },
      { href: "/invoices", label: "Invoices" },
    ],
  };
}
