import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { baseURL, currentWorkspace, heading, newUser, setupBrowser, signInWithGoogle, switcherOptions, UI_TIMEOUT } from "../support/browser";
import { decodeQuotedPrintable, makePdf, uploadFromPage } from "../support/files";
import { callServerAction } from "../support/server-action";

// A team's life, step by step as its people do it: the owner creates a workspace from the switcher,
// invites a teammate from Settings (link shown, mail in the outbox), the teammate signs in with Google,
// accepts and sees the workspace; the owner makes them a viewer; the viewer cannot invite — neither in
// the UI nor by calling the server action directly.
// The steps build on each other (one server, real sign-ins), so they run in order and each says which
// earlier step it needs.

const browser = setupBrowser();
const WORKSPACE_ACTIONS = "lib/actions/workspace.ts";
type ActionResult = { ok: true; data: Record<string, unknown> } | { ok: false; error: string; code?: string };

const owner = newUser("Olivia", "Owner");
const mate = newUser("Tomas", "Mate");
const teamName = `Ops team ${randomBytes(3).toString("hex")}`;

let ownerPage: Page;
let matePage: Page;
const state: { teamId?: string; inviteLink?: string; joined?: boolean; viewer?: boolean; teamDocId?: string } = {};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === false) throw new Error(`This step needs ${what} from an earlier step, which did not happen.`);
  return value;
}

/** Role shown in the owner's members table for `email`. */
async function roleInSettings(page: Page, email: string): Promise<string> {
  await page.goto("/settings");
  return page.getByLabel(`Role of ${email}`).inputValue();
}

beforeAll(async () => {
  ownerPage = await browser.newPage();
  await signInWithGoogle(ownerPage, owner);
  matePage = await browser.newPage();
  await signInWithGoogle(matePage, mate);
});

describe("a team: create a workspace, invite, accept, change role", () => {
  it("the owner creates a workspace from the switcher and lands in it", async () => {
    const page = ownerPage;
    const personal = await currentWorkspace(page);
    await page.getByRole("button", { name: "+ New workspace" }).click();
    const dialog = page.getByRole("dialog", { name: "New workspace" });
    await dialog.getByLabel("Name").fill(teamName);
    await dialog.getByRole("button", { name: "Create workspace" }).click();
    await dialog.waitFor({ state: "hidden" });

    await expect.poll(async () => (await currentWorkspace(page)).label, { timeout: UI_TIMEOUT }).toBe(`${teamName} (owner)`);
    await page.getByText(`What is happening in ${teamName}.`).waitFor();
    const now = await currentWorkspace(page);
    expect(now.id).not.toBe(personal.id);
    expect(await switcherOptions(page)).toEqual(expect.arrayContaining([`${owner.name}'s workspace (owner)`, `${teamName} (owner)`]));
    // The choice survives a reload (it is kept server-side in a cookie, not in page state).
    await page.reload();
    expect(await currentWorkspace(page)).toEqual(now);

    // Switching back and forth with the switcher.
    await page.locator("#workspace-switcher").selectOption(personal.id);
    await page.getByText(`What is happening in ${owner.name}'s workspace.`).waitFor();
    await page.locator("#workspace-switcher").selectOption(now.id);
    await page.getByText(`What is happening in ${teamName}.`).waitFor();
    state.teamId = now.id;
  });

  it("the owner invites the teammate from Settings: the link is shown and the mail is in the outbox", async () => {
    need(state.teamId, "the team workspace");
    const page = ownerPage;
    await page.goto("/settings");
    await page.getByText("Your role here: owner.").waitFor();
    await page.getByLabel("Email", { exact: true }).fill(mate.email);
    await page.getByLabel("Role", { exact: true }).selectOption("member");
    await page.getByRole("button", { name: "Send invitation" }).click();

    const link = await page.getByTestId("invite-link").inputValue();
    expect(link).toMatch(new RegExp(`^${baseURL()}/invite/[\\w-]{10,}$`));
    await page.getByText(`${mate.email} as member`).waitFor();

    await page.getByRole("link", { name: "Mail outbox" }).click();
    await page.waitForURL((u) => u.pathname === "/settings/outbox");
    const row = page.getByRole("row").filter({ hasText: mate.email });
    expect(await row.count()).toBe(1);
    await row.getByRole("link", { name: `You're invited to ${teamName} on Docket` }).click();
    await page.waitForURL((u) => /^\/settings\/outbox\/[^/]+$/.test(u.pathname));
    const source = decodeQuotedPrintable(await page.locator("pre").innerText());
    expect(source).toContain(`To: ${mate.email}`);
    expect(source).toContain(link);
    state.inviteLink = link;
  });

  it("the teammate, signed in with Google, opens the link, accepts and sees the workspace", async () => {
    const link = need(state.inviteLink, "the invitation link");
    const page = matePage;
    expect((await switcherOptions(page)).join("\n")).not.toContain(teamName);

    await page.goto(link);
    await page.getByText(`You are invited to ${teamName} as member`).waitFor();
    await page.getByRole("button", { name: "Accept invitation" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByText(`What is happening in ${teamName}.`).waitFor();
    expect(await currentWorkspace(page)).toEqual({ id: state.teamId, label: `${teamName} (member)` });
    expect(await switcherOptions(page)).toEqual(expect.arrayContaining([`${mate.name}'s workspace (owner)`, `${teamName} (member)`]));
    expect(await page.getByTestId("stat-members").innerText()).toBe("2");

    // The owner sees the new member; the link, opened again, says they have joined and opens the workspace.
    expect(await roleInSettings(ownerPage, mate.email)).toBe("member");
    await page.goto(link);
    await page.getByText(`You have already joined ${teamName} with this invitation.`).waitFor();
    expect(await page.getByRole("button", { name: "Accept invitation" }).count()).toBe(0);
    await page.getByRole("button", { name: `Open ${teamName}` }).waitFor();
    state.joined = true;
  });

  it("the owner changes the teammate's role to viewer, and the teammate's session reflects it", async () => {
    need(state.joined, "the teammate in the workspace");
    const page = ownerPage;
    await page.goto("/settings");
    // the change asks first; dismissing it saves nothing
    page.once("dialog", (d) => void d.dismiss());
    await page.getByLabel(`Role of ${mate.email}`).selectOption("viewer");
    await page.waitForTimeout(500);
    expect(await roleInSettings(page, mate.email)).toBe("member");
    const saved = page.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.accept();
    });
    await page.getByLabel(`Role of ${mate.email}`).selectOption("viewer");
    await saved;
    expect(asked).toMatch(/from member to viewer\?$/);
    // Saved on the server: a fresh load shows it.
    expect(await roleInSettings(page, mate.email)).toBe("viewer");

    await matePage.goto("/settings");
    await matePage.getByText("Your role here: viewer.").waitFor();
    expect((await currentWorkspace(matePage)).label).toBe(`${teamName} (viewer)`);
    state.viewer = true;
  });

  it("a viewer cannot invite: the page says only admins can, and calling the action directly is refused", async () => {
    need(state.viewer, "the teammate as viewer");
    const page = matePage;
    await page.goto("/settings");
    await page.getByText("Only admins and owners can invite people.").waitFor();
    expect(await page.getByRole("button", { name: "Send invitation" }).count()).toBe(0);
    expect(await page.getByLabel(`Role of ${owner.email}`).count()).toBe(0);

    const outsider = newUser("Ivan", "Outsider");
    const invite = await callServerAction<ActionResult>(page, WORKSPACE_ACTIONS, "inviteMemberAction", { email: outsider.email, role: "member" });
    expect(invite.result.ok).toBe(false);
    expect(invite.result.ok === false && invite.result.error).toContain("Your role (viewer) cannot do this");

    // Nor can they promote anyone (themselves included): refused on the role before anything is looked up.
    const promote = await callServerAction<ActionResult>(page, WORKSPACE_ACTIONS, "changeRoleAction", { userId: "any-member", role: "owner" });
    expect(promote.result.ok === false && promote.result.error).toContain("Your role (viewer) cannot do this");

    // Nothing was created: no invitation in Settings, no mail in the outbox.
    await ownerPage.goto("/settings");
    await ownerPage.getByText(`Members (2)`).waitFor();
    expect(await ownerPage.getByText(outsider.email).count()).toBe(0);
    await ownerPage.goto("/settings/outbox");
    await ownerPage.getByRole("heading", { name: "Mail outbox" }).waitFor();
    expect(await ownerPage.getByText(outsider.email).count()).toBe(0);
    expect(await roleInSettings(ownerPage, mate.email)).toBe("viewer");

    // The same call from the owner's page does create an invitation: the refusal above is about the role.
    const control = await callServerAction<ActionResult>(ownerPage, WORKSPACE_ACTIONS, "inviteMemberAction", { email: outsider.email, role: "viewer" });
    expect(control.result).toMatchObject({ ok: true, data: { link: expect.stringContaining(`${baseURL()}/invite/`) } });
    await ownerPage.goto("/settings");
    await ownerPage.getByText(`${outsider.email} as viewer`).waitFor();
  });

  it("a viewer sees documents but cannot upload: no upload zone, and the upload endpoint answers 403", async () => {
    need(state.viewer, "the teammate as viewer");
    const page = matePage;
    await page.goto("/documents");
    expect(await heading(page)).toBe("Documents");
    expect(await page.getByTestId("upload-input").count()).toBe(0);
    const pdf = await makePdf(["Viewer upload attempt"]);
    const r = await uploadFromPage(page, "viewer.pdf", pdf);
    expect(r.status).toBe(403);
    expect(r.error).toContain("Your role (viewer) cannot do this");

    // The owner can (same request, same workspace).
    const ok = await uploadFromPage(ownerPage, "owner.pdf", pdf);
    expect(ok.line?.status).toBe("stored");
    state.teamDocId = ok.line?.documentId;
    await page.reload();
    await page.getByRole("link", { name: "owner.pdf" }).waitFor();
    expect(await page.getByRole("link", { name: "viewer.pdf" }).count()).toBe(0);
  });

  it("the owner removes the teammate, who then loses access to the workspace and its documents", async () => {
    const docId = need(state.teamDocId, "a document in the team workspace");
    const url = `${baseURL()}/api/documents/${docId}`;
    expect((await matePage.request.get(url)).status()).toBe(200);

    await ownerPage.goto("/settings");
    ownerPage.once("dialog", (d) => void d.accept());
    await ownerPage.getByRole("button", { name: `Remove ${mate.email}` }).click();
    await ownerPage.getByText("Members (1)").waitFor();
    expect(await ownerPage.getByText(mate.email).count()).toBe(0);

    // The teammate's workspace cookie still names the team: they fall back to their own workspace.
    await matePage.goto("/");
    await matePage.getByText(`What is happening in ${mate.name}'s workspace.`).waitFor();
    expect(await switcherOptions(matePage)).toEqual([`${mate.name}'s workspace (owner)`]);
    expect([403, 404]).toContain((await matePage.request.get(url)).status());
  });
});
