import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { currentWorkspace, newUser, setupBrowser, signInWithGoogle, switcherOptions, UI_TIMEOUT, type TestUser } from "../support/browser";
import { callServerAction } from "../support/server-action";

// Membership as a demanding team lives it, and as its people would try to get around it: the owner invites an admin,
// a member-to-be-removed (as admin) and a viewer; a wrong account opens a link; a withdrawn link; the admin manages
// roles but cannot touch the owner or make owners; the viewer can change nothing; a removed admin's open tab tries to
// rename the workspace; the last owner tries to leave and to step down; the viewer leaves. Every refusal is a
// message on the page, never an error page or nothing. Steps build on each other (one server, real sign-ins).

const browser = setupBrowser();
const WORKSPACE_ACTIONS = "lib/actions/workspace.ts";
type ActionResult = { ok: true; data: unknown } | { ok: false; error: string; code?: string };

const owner = newUser("Olga", "Owner");
const admin = newUser("Adam", "Admin");
const leaver = newUser("Rita", "Removed");
const viewer = newUser("Vera", "Viewer");
const stranger = newUser("Wes", "Wrong");
const teamName = `Roles team ${randomBytes(3).toString("hex")}`;

const pages: Record<"owner" | "admin" | "leaver" | "viewer" | "stranger", Page> = {} as never;
const links: Partial<Record<"admin" | "leaver" | "viewer" | "stranger", string>> = {};
const state: { teamId?: string; joined?: boolean; removed?: boolean } = {};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === false) throw new Error(`This step needs ${what} from an earlier step, which did not happen.`);
  return value;
}

/** Invite from the owner's Settings page and return the link it shows. */
async function invite(page: Page, who: TestUser, role: string): Promise<string> {
  await page.goto("/settings");
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  const before = (await page.getByTestId("invite-link").count()) ? await page.getByTestId("invite-link").inputValue() : "";
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect.poll(async () => ((await page.getByTestId("invite-link").count()) ? page.getByTestId("invite-link").inputValue() : ""), { timeout: UI_TIMEOUT }).not.toBe(before);
  await page.getByText(`${who.email} as ${role}`).waitFor();
  return page.getByTestId("invite-link").inputValue();
}

async function accept(page: Page, link: string, role: string) {
  await page.goto(link);
  await page.getByText(`You are invited to ${teamName} as ${role}`).waitFor();
  await page.getByRole("button", { name: "Accept invitation" }).click();
  await page.waitForURL((u) => u.pathname === "/");
  await page.getByText(`What is happening in ${teamName}.`).waitFor();
}

/** Answer the next confirm() with yes, click, and wait for the server action it sends to answer. */
async function confirmed(page: Page, click: () => Promise<unknown>) {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
  page.once("dialog", (d) => void d.accept());
  await click();
  await answered;
}

beforeAll(async () => {
  for (const [key, user] of [["owner", owner], ["admin", admin], ["leaver", leaver], ["viewer", viewer], ["stranger", stranger]] as const) {
    pages[key] = await browser.newPage();
    await signInWithGoogle(pages[key], user);
  }
});

describe("workspace roles: invite, accept, change, remove, leave", () => {
  it("the owner creates the team and invites an admin, a second admin and a viewer; a withdrawn link says so", async () => {
    const page = pages.owner;
    await page.getByRole("button", { name: "+ New workspace" }).click();
    const dialog = page.getByRole("dialog", { name: "New workspace" });
    await dialog.getByLabel("Name").fill(teamName);
    await dialog.getByRole("button", { name: "Create workspace" }).click();
    await dialog.waitFor({ state: "hidden" });
    await expect.poll(async () => (await currentWorkspace(page)).label, { timeout: UI_TIMEOUT }).toBe(`${teamName} (owner)`);
    state.teamId = (await currentWorkspace(page)).id;

    links.admin = await invite(page, admin, "admin");
    links.leaver = await invite(page, leaver, "admin");
    links.viewer = await invite(page, viewer, "viewer");
    links.stranger = await invite(page, stranger, "member");

    // withdrawn from the list: the invitee's link then says so, with nothing to click
    await page.getByRole("button", { name: `Revoke the invitation of ${stranger.email}` }).click();
    await expect.poll(() => page.getByText(`${stranger.email} as member`).count(), { timeout: UI_TIMEOUT }).toBe(0);
    await pages.stranger.goto(links.stranger);
    await pages.stranger.getByText("This invitation was withdrawn. Ask for a new one.").waitFor();
    expect(await pages.stranger.getByRole("button", { name: "Accept invitation" }).count()).toBe(0);
  });

  it("a wrong account is told whom the link is for before any click, and offered to sign in with another", async () => {
    const link = need(links.admin, "the admin's invitation");
    const page = pages.stranger;
    await page.goto(link);
    await page.getByText(`This invitation was sent to ${admin.email}, but you are signed in as ${stranger.email}.`).waitFor();
    expect(await page.getByRole("button", { name: "Accept invitation" }).count()).toBe(0);
    // and a forged accept from that account is refused on the server with the same words
    const forged = await callServerAction<ActionResult>(page, WORKSPACE_ACTIONS, "acceptInvitationAction", { token: link.split("/invite/")[1] });
    expect(forged.result).toMatchObject({ ok: false, error: expect.stringContaining(`sent to ${admin.email}`) });
    await page.getByRole("button", { name: "Sign in with another account" }).click();
    await page.waitForURL((u) => u.pathname === "/sign-in" && u.searchParams.get("callbackUrl") === new URL(link).pathname);
  });

  it("the invitees accept; the admin's second visit to the link offers to open the workspace", async () => {
    await accept(pages.admin, need(links.admin, "the admin's invitation"), "admin");
    await accept(pages.leaver, need(links.leaver, "the second admin's invitation"), "admin");
    await accept(pages.viewer, need(links.viewer, "the viewer's invitation"), "viewer");

    const page = pages.admin;
    await page.locator("#workspace-switcher").selectOption({ label: `${admin.name}'s workspace (owner)` });
    await page.getByText(`What is happening in ${admin.name}'s workspace.`).waitFor();
    await page.goto(links.admin!);
    await page.getByText(`You have already joined ${teamName} with this invitation.`).waitFor();
    await page.getByRole("button", { name: `Open ${teamName}` }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByText(`What is happening in ${teamName}.`).waitFor();
    await pages.owner.goto("/settings");
    await pages.owner.getByText("Members (4)").waitFor();
    state.joined = true;
  });

  it("the admin manages the viewer's role but cannot touch the owner or make anyone owner", async () => {
    need(state.joined, "the team's members");
    const page = pages.admin;
    await page.goto("/settings");
    await page.getByText("Your role here: admin.").waitFor();
    // the owner's row: no role select, no remove button; no "owner" among the choices anywhere
    expect(await page.getByLabel(`Role of ${owner.email}`).count()).toBe(0);
    expect(await page.getByRole("button", { name: `Remove ${owner.email}` }).count()).toBe(0);
    expect(await page.getByLabel(`Role of ${viewer.email}`).locator("option").allInnerTexts()).toEqual(["viewer", "member", "admin"]);
    expect(await page.getByLabel("Role", { exact: true }).locator("option").allInnerTexts()).toEqual(["viewer", "member", "admin"]);

    await confirmed(page, () => page.getByLabel(`Role of ${viewer.email}`).selectOption("member"));
    await expect.poll(async () => (await page.reload(), page.getByLabel(`Role of ${viewer.email}`).inputValue()), { timeout: UI_TIMEOUT }).toBe("member");
    await confirmed(page, () => page.getByLabel(`Role of ${viewer.email}`).selectOption("viewer"));
    await expect.poll(async () => (await page.reload(), page.getByLabel(`Role of ${viewer.email}`).inputValue()), { timeout: UI_TIMEOUT }).toBe("viewer");

    // what the page does not offer, called directly: refused with a reason
    const me = await callServerAction<ActionResult>(page, WORKSPACE_ACTIONS, "changeRoleAction", { userId: await userIdOf(pages.owner, admin.email), role: "owner" });
    expect(me.result).toMatchObject({ ok: false, error: "Only an owner can grant or take away the owner role." });
    const ownerId = await userIdOf(pages.owner, owner.email);
    const demote = await callServerAction<ActionResult>(page, WORKSPACE_ACTIONS, "changeRoleAction", { userId: ownerId, role: "viewer" });
    expect(demote.result).toMatchObject({ ok: false, error: "Only an owner can grant or take away the owner role." });
    const remove = await callServerAction<ActionResult>(page, WORKSPACE_ACTIONS, "removeMemberAction", { userId: ownerId });
    expect(remove.result).toMatchObject({ ok: false, error: "Only an owner can remove an owner." });
    await pages.owner.goto("/settings");
    expect(await pages.owner.getByLabel(`Role of ${admin.email}`).inputValue()).toBe("admin");
    await pages.owner.getByText("Your role here: owner.").waitFor();
  });

  it("the viewer is offered nothing to change, and a direct call is refused with their role", async () => {
    need(state.joined, "the team's members");
    const page = pages.viewer;
    await page.goto("/settings");
    await page.getByText("Your role here: viewer.").waitFor();
    await page.getByText("Only admins and owners can invite people.").waitFor();
    expect(await page.locator("#ws-name").isDisabled()).toBe(true);
    expect(await page.getByRole("combobox", { name: /^Role of / }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Remove / }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Leave" }).count()).toBe(1);
    const rename = await callServerAction<ActionResult>(page, WORKSPACE_ACTIONS, "renameWorkspaceAction", { name: "Viewer was here" });
    expect(rename.result).toMatchObject({ ok: false, error: expect.stringMatching(/^Your role \(viewer\) cannot do this; it needs admin or above/) });
  });

  it("a removed admin's open Settings tab: saving is refused with a message, and nothing is renamed anywhere", async () => {
    need(state.joined, "the team's members");
    const tab = pages.leaver;
    await tab.goto("/settings");
    await tab.getByText("Your role here: admin.").waitFor();
    expect(await tab.locator("#ws-name").inputValue()).toBe(teamName);

    const page = pages.owner;
    await page.goto("/settings");
    await confirmed(page, () => page.getByRole("button", { name: `Remove ${leaver.email}` }).click());
    await page.getByText("Members (3)").waitFor();

    // the tab still shows the team; its Save is refused on the page, not applied to the person's own workspace
    const isAction = (r: import("playwright-core").Response) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined;
    await tab.locator("#ws-name").fill("Renamed from an old tab");
    const saved = tab.waitForResponse(isAction);
    await tab.locator("form").filter({ has: tab.locator("#ws-name") }).getByRole("button", { name: "Save" }).click();
    await saved;
    const repaired = tab.waitForResponse(isAction);
    await tab.getByRole("alert").filter({ hasText: "You are not a member of this workspace (any more). Reload the page to continue in one of yours." }).waitFor();
    // the page, refreshed by the refusal, says why it changed, shows their own workspace (not renamed), and points
    // the cookie there
    await tab.getByText(`You are no longer a member of the workspace you had open, so you are in ${leaver.name}'s workspace now.`).waitFor();
    expect(await switcherOptions(tab)).toEqual([`${leaver.name}'s workspace (owner)`]);
    await repaired;
    // so after a reload the page is settled there, and a change made from it acts on the workspace it shows
    await tab.reload();
    expect(await tab.locator("#ws-name").inputValue()).toBe(`${leaver.name}'s workspace`);
    await tab.locator("#ws-name").fill(`${leaver.name}'s own`);
    await tab.locator("form").filter({ has: tab.locator("#ws-name") }).getByRole("button", { name: "Save" }).click();
    await expect.poll(() => switcherOptions(tab), { timeout: UI_TIMEOUT }).toEqual([`${leaver.name}'s own (owner)`]);
    expect(await tab.getByText("You are no longer a member").count()).toBe(0);
    await page.goto("/settings");
    expect(await page.locator("#ws-name").inputValue()).toBe(teamName);
    state.removed = true;
  });

  it("the last owner can neither leave nor step down: each attempt says what to do first", async () => {
    need(state.joined, "the team's members");
    const page = pages.owner;
    await page.goto("/settings");
    const ownerRow = page.getByTestId(`member-${owner.email}`);
    await confirmed(page, () => ownerRow.getByRole("button", { name: "Leave" }).click());
    await ownerRow.getByRole("alert").filter({ hasText: "You are the last owner of this workspace: make someone else owner before you leave, or delete the workspace (Settings)." }).waitFor();
    await confirmed(page, () => page.getByLabel(`Role of ${owner.email}`).selectOption("admin"));
    await ownerRow.getByRole("alert").filter({ hasText: "A workspace needs at least one owner: make someone else owner first." }).waitFor();
    await page.reload();
    expect(await page.getByLabel(`Role of ${owner.email}`).inputValue()).toBe("owner");
    expect((await currentWorkspace(page)).label).toBe(`${teamName} (owner)`);
  });

  it("the viewer leaves and lands in their own workspace; the team no longer lists them", async () => {
    need(state.joined, "the team's members");
    const page = pages.viewer;
    await page.goto("/settings");
    await confirmed(page, () => page.getByTestId(`member-${viewer.email}`).getByRole("button", { name: "Leave" }).click());
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByText(`What is happening in ${viewer.name}'s workspace.`).waitFor();
    expect(await switcherOptions(page)).toEqual([`${viewer.name}'s workspace (owner)`]);
    await pages.owner.goto("/settings");
    await pages.owner.getByText("Members (2)").waitFor();
    expect(await pages.owner.getByTestId(`member-${viewer.email}`).count()).toBe(0);
  });
});

/** A member's user id, as the owner's Settings page has it on the member's row. */
async function userIdOf(ownerPage: Page, email: string): Promise<string> {
  await ownerPage.goto("/settings");
  const id = await ownerPage.getByTestId(`member-${email}`).getAttribute("data-user-id");
  if (!id) throw new Error(`No user id for ${email} on the owner's Settings page.`);
  return id;
}
