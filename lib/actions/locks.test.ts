import { expect, it } from "vitest";
import { discoverActions } from "./testing/discover";

// Every workspace action checks its role under a lock (lib/action.ts, `lock`): the default is the caller's membership
// row, "workspace" for the team actions that change members or the workspace row. Taking none is a decision made in
// the action's declaration, with its reason beside it, and written down here too — a new `lock: false` fails this
// test until it is added to the list.
const UNLOCKED = {
  analyzeProfileSample: "reads a sample (and asks OpenAI when on); writes nothing",
  askQuestion: "long (retrieval, and OpenAI when on); writes only its own entry in the history",
  deleteWorkspace: "checks the role in its own transaction, deletes the files after it",
  inspectRecipientFile: "reads a file of up to 20 MB; writes nothing",
  searchCatalog: "reads only",
  sendTestMessage: "sends mail",
  testMailboxConnection: "connects to the mailbox; writes nothing",
};

it("every workspace action locks its role but the few written down, and the team actions lock the workspace", async () => {
  const workspace = (await discoverActions()).map((a) => a.definition).filter((d) => d.kind === "workspace");
  expect(workspace.length).toBeGreaterThan(40);
  expect(workspace.filter((d) => d.lock === false).map((d) => d.name).sort()).toEqual(Object.keys(UNLOCKED).sort());
  expect(workspace.filter((d) => d.lock === "workspace").map((d) => d.name).sort()).toEqual(
    ["changeRole", "inviteMember", "leaveWorkspace", "removeMember", "renameWorkspace", "revokeInvitation", "saveInvoiceSettings"].sort(),
  );
  // the servers a form names are resolved (DNS) before the role-checking transaction, not inside it
  expect(workspace.filter((d) => d.kind === "workspace" && d.outside).map((d) => d.name).sort()).toEqual(["createMailbox", "saveSmtpAccount", "updateMailbox"]);
});
