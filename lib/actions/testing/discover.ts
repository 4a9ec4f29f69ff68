import fs from "node:fs";
import path from "node:path";
import type { AnyActionDef } from "@/lib/action";

// The isolation suites find every server action from its declaration: every lib/actions/*.ts file (a new file
// cannot escape the glob) must be a "use server" module whose every export is a declared action. Both the
// database suite (lib/actions/isolation.db.test.ts) and the browser suite (e2e/workspace/isolation.spec.ts) use
// this, with the role table below as the written-down policy the code is held to.

export interface DiscoveredAction {
  /** Repository-relative file, e.g. "lib/actions/workspace.ts" (as Next's server-reference manifest names it). */
  file: string;
  /** The export the browser calls, e.g. "switchWorkspaceAction". */
  exportName: string;
  definition: AnyActionDef;
}

/** Files under lib/actions that hold actions: every .ts beside this folder, tests excepted. */
export function actionFiles(root = process.cwd()): string[] {
  const dir = path.join(root, "lib", "actions");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort()
    .map((f) => `lib/actions/${f}`);
}

/**
 * Imports every action file and returns each export with its definition. Throws, naming the file and export,
 * when a file is not "use server" or exports anything that is not a declared action.
 */
export async function discoverActions(root = process.cwd()): Promise<DiscoveredAction[]> {
  const out: DiscoveredAction[] = [];
  for (const file of actionFiles(root)) {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    if (!/^\s*["']use server["'];/.test(source)) throw new Error(`${file} is under lib/actions but does not start with "use server": only action files live there.`);
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      const definition = typeof value === "function" ? (value as { definition?: AnyActionDef }).definition : undefined;
      if (!definition) throw new Error(`${file} exports ${exportName}, which is not declared with workspaceAction/userAction.`);
      out.push({ file, exportName, definition });
    }
  }
  return out;
}

/** The least role each action must demand ("user": any signed-in person, acting on themself). */
export const actionPolicy: Record<string, "viewer" | "member" | "admin" | "owner" | "user"> = {
  createWorkspace: "user",
  switchWorkspace: "user",
  acceptInvitation: "user",
  renameWorkspace: "admin",
  saveInvoiceSettings: "admin",
  inviteMember: "admin",
  revokeInvitation: "admin",
  changeRole: "admin",
  removeMember: "admin",
  leaveWorkspace: "viewer",
  deleteWorkspace: "owner",
  enterEmail: "member",
  retryRun: "member",
  cancelRun: "member",
  updateInvoiceField: "member",
  replaceLineItems: "member",
  setInvoiceStatus: "member",
  bulkApprove: "member",
  reprocessDocument: "member",
  reindexDocument: "member",
  askQuestion: "viewer",
  saveAlertRule: "admin",
  setAlertState: "member",
  evaluateAlertsNow: "member",
  readAsInvoice: "member",
  createOutboxAccount: "admin",
  saveSmtpAccount: "admin",
  updateAccountPacing: "admin",
  deleteSendingAccount: "admin",
  inspectRecipientFile: "member",
  createCampaign: "member",
  updateCampaignTemplate: "member",
  sendTestMessage: "member",
  scheduleCampaign: "member",
  pauseCampaign: "member",
  resumeCampaign: "member",
  resumeAccountCampaigns: "member",
  cancelCampaign: "member",
  resolveRecipient: "member",
  addSuppression: "member",
  removeSuppression: "admin",
  createMailbox: "admin",
  updateMailbox: "admin",
  setMailboxEnabled: "admin",
  deleteMailbox: "admin",
  testMailboxConnection: "admin",
  pollMailboxNow: "member",
  saveInsuranceSettings: "admin",
  saveBroker: "member",
  analyzeProfileSample: "member",
  saveBrokerProfile: "member",
  createInsurer: "admin",
  saveQuoteTemplate: "admin",
  uploadCatalog: "admin",
  activateCatalog: "admin",
  buildCatalogEmbeddings: "admin",
  createCaseFromUpload: "member",
  createCaseFromMessage: "member",
  createCaseFromDocument: "member",
  rematchCase: "member",
  acceptFleetRows: "member",
  correctFleetRow: "member",
  searchCatalog: "viewer",
};

/** Route handlers anyone may call: each checks its own credentials (auth callbacks, metrics token, Inngest signatures) or serves nothing private. */
export const publicRoutes = new Set([
  "app/api/auth/[...nextauth]/route.ts",
  "app/api/health/route.ts",
  "app/api/metrics/route.ts",
  "app/api/inngest/route.ts",
  "app/api/pdf-worker/route.ts",
]);

/** Every route handler file under app/api (repository-relative). */
export function routeFiles(root = process.cwd()): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts") out.push(path.relative(root, p));
    }
  };
  walk(path.join(root, "app", "api"));
  return out.sort();
}
