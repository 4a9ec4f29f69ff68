import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { currentWorkspace, newUser, setupBrowser, signInWithGoogle, switcherOptions, UI_TIMEOUT } from "../support/browser";
import { callServerAction } from "../support/server-action";

// Deleting a workspace, as its people meet it: only an owner sees the button (an admin neither sees it nor gets
// through by calling the action); the dialog's button stays disabled until the name is typed exactly, and the server
// refuses a wrong name on its own; once deleted, the owner lands in another of their workspaces, the admin's open tab
// says on its next load that the workspace is gone and shows their own, and a person whose only workspace it was lands
// in a fresh one of their own — never an error page. Steps build on each other (one server, real sign-ins).

const browser = setupBrowser();
const WORKSPACE_ACTIONS = "lib/actions/workspace.ts";
type ActionResult = { ok: true; data: unknown } | { ok: false; error: string; code?: string };

const owner = newUser("Dora", "Deleter");
const admin = newUser("Abe", "Admin");
const solo = newUser("Sol", "Solo");
const doomed = `Doomed desk ${randomBytes(3).toString("hex")}`;

let ownerPage: Page;
let adminPage: Page;
const state: { doomedId?: string; joined?: boolean } = {};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === false) throw new Error(`This step needs ${what} from an earlier step, which did not happen.`);
  return value;
}

/** No Next.js error page, no generic failure: the page a person lands on works. */
async function expectNoErrorPage(page: Page) {
  expect(await page.getByText(/Application error|Internal Server Error|This page couldn.t load|Something went wrong/).count()).toBe(0);
}

async function openDeleteDialog(page: Page) {
  await page.goto("/settings");
  await page.getByRole("button", { name: "Delete workspace" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  return dialog;
}

beforeAll(async () => {
  ownerPage = await browser.newPage();
  await signInWithGoogle(ownerPage, owner);
  adminPage = await browser.newPage();
  await signInWithGoogle(adminPage, admin);
});

describe("deleting a workspace", () => {
  it("the owner creates a workspace and an admin joins it; the admin sees no delete button, and calling the action is refused", async () => {
    await ownerPage.getByRole("button", { name: "+ New workspace" }).click();
    await ownerPage.getByLabel("Name").fill(doomed);
    await ownerPage.getByRole("button", { name: "Create workspace" }).click();
    await expect.poll(async () => (await currentWorkspace(ownerPage)).label, { timeout: UI_TIMEOUT }).toBe(`${doomed} (owner)`);
    state.doomedId = (await currentWorkspace(ownerPage)).id;

    await ownerPage.goto("/settings");
    await ownerPage.getByLabel("Email", { exact: true }).fill(admin.email);
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("admin");
    await ownerPage.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(async () => ((await ownerPage.getByTestId("invite-link").count()) ? ownerPage.getByTestId("invite-link").inputValue() : ""), { timeout: UI_TIMEOUT }).toContain("/invite/");
    const link = await ownerPage.getByTestId("invite-link").inputValue();
    await adminPage.goto(link);
    await adminPage.getByRole("button", { name: "Accept invitation" }).click();
    await adminPage.waitForURL((u) => u.pathname === "/");
    await adminPage.getByText(`What is happening in ${doomed}.`).waitFor();
    state.joined = true;

    await adminPage.goto("/settings");
    await adminPage.getByText("Your role here: admin.").waitFor();
    expect(await adminPage.getByRole("button", { name: "Delete workspace" }).count()).toBe(0);
    const forged = await callServerAction<ActionResult>(adminPage, WORKSPACE_ACTIONS, "deleteWorkspaceAction", { confirmName: doomed });
    expect(forged.result).toMatchObject({ ok: false, error: expect.stringMatching(/^Your role \(admin\) cannot do this; it needs owner/) });
  });

  it("the dialog's button waits for the exact name, and the server refuses a wrong one on its own", async () => {
    need(state.doomedId, "the workspace to delete");
    const dialog = await openDeleteDialog(ownerPage);
    expect(await dialog.innerText()).toContain(`Delete ${doomed}?`);
    const field = dialog.getByLabel(/to confirm/);
    const confirm = dialog.getByRole("button", { name: "Delete workspace" });
    expect(await confirm.isDisabled()).toBe(true);
    await field.fill(doomed.toLowerCase());
    expect(await confirm.isDisabled()).toBe(true);
    await field.fill(doomed.slice(0, -1));
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => ownerPage.getByRole("dialog").count()).toBe(0);

    // a forged call with a wrong name is refused with the words the dialog would show
    const wrong = await callServerAction<ActionResult>(ownerPage, WORKSPACE_ACTIONS, "deleteWorkspaceAction", { confirmName: "not its name" });
    expect(wrong.result).toMatchObject({ ok: false, error: `Type the workspace's name, "${doomed}", exactly as shown to delete it.` });
    await ownerPage.reload();
    expect((await currentWorkspace(ownerPage)).id).toBe(state.doomedId);
  });

  it("typed exactly, it deletes: the owner lands in their other workspace, no error page, and the deleted one is gone from the switcher", async () => {
    const doomedId = need(state.doomedId, "the workspace to delete");
    const dialog = await openDeleteDialog(ownerPage);
    await dialog.getByLabel(/to confirm/).fill(doomed);
    await dialog.getByRole("button", { name: "Delete workspace" }).click();
    await ownerPage.getByText(`What is happening in ${owner.name}'s workspace.`).waitFor();
    expect(new URL(ownerPage.url()).pathname).toBe("/");
    await expectNoErrorPage(ownerPage);
    expect((await currentWorkspace(ownerPage)).id).not.toBe(doomedId);
    expect((await switcherOptions(ownerPage)).join("\n")).not.toContain(doomed);
  });

  it("the admin's open tab, on its next load, says the workspace is gone and shows their own", async () => {
    need(state.joined, "the admin in the deleted workspace");
    await adminPage.goto("/invoices");
    await adminPage.getByText(`You are no longer a member of the workspace you had open, so you are in ${admin.name}'s workspace now.`).waitFor();
    await expectNoErrorPage(adminPage);
    expect((await switcherOptions(adminPage)).join("\n")).not.toContain(doomed);
  });

  it("a person who deletes their only workspace lands in a fresh one of their own, not an error page", async () => {
    const page = await browser.newPage();
    await signInWithGoogle(page, solo);
    const only = await currentWorkspace(page);
    const name = `${solo.name}'s workspace`;
    const dialog = await openDeleteDialog(page);
    await dialog.getByLabel(/to confirm/).fill(name);
    await dialog.getByRole("button", { name: "Delete workspace" }).click();
    await expect.poll(async () => (await currentWorkspace(page)).id, { timeout: UI_TIMEOUT }).not.toBe(only.id);
    await page.getByText(`What is happening in ${name}.`).waitFor();
    await expectNoErrorPage(page);
    expect(await switcherOptions(page)).toEqual([`${name} (owner)`]);
  });
});
