import { expect, it } from "vitest";
import { currentWorkspace, newUser, setupBrowser, signInWithGoogle, switcherOptions } from "../support/browser";
import { makePdf, uploadFromPage } from "../support/files";

// The workspace is the browser's (a cookie), so two tabs cannot be in two workspaces. A tab left showing the
// workspace another tab switched away from must not let its person act there unknowingly: it is covered by a notice
// until they choose. Two tabs of one browser context, one person with two workspaces.

const browser = setupBrowser();
const ana = newUser("Ana", "Tabs");
const tom = newUser("Tom", "Tabs");

it("a tab whose workspace another tab switched away from says so and lets its person choose, in either direction", async () => {
  const a = await browser.newPage();
  await signInWithGoogle(a, ana);
  const first = await currentWorkspace(a);
  await a.getByRole("button", { name: "+ New workspace" }).click();
  await a.getByLabel("Name").fill("Second desk");
  await a.getByRole("button", { name: "Create workspace" }).click();
  await expect.poll(async () => (await currentWorkspace(a)).label).toBe("Second desk (owner)");
  const second = await currentWorkspace(a);

  const b = await a.context().newPage();
  await b.goto("/invoices");
  expect((await currentWorkspace(b)).id).toBe(second.id);
  await expect.poll(() => b.getByRole("alertdialog").count()).toBe(0);

  // A switches the browser back to the first workspace: B, still showing the second, is covered
  await a.locator("#workspace-switcher").selectOption(first.id);
  await expect.poll(async () => (await currentWorkspace(a)).id).toBe(first.id);
  const notice = b.getByRole("alertdialog");
  await notice.waitFor();
  expect(await notice.innerText()).toContain("This tab shows Second desk");
  // the tab that switched shows no notice of its own
  expect(await a.getByRole("alertdialog").count()).toBe(0);

  // B switches back to the second: B is uncovered, and now A is
  await notice.getByRole("button", { name: "Switch back to Second desk" }).click();
  await expect.poll(() => b.getByRole("alertdialog").count()).toBe(0);
  await a.getByRole("alertdialog").waitFor();
  expect(await a.getByRole("alertdialog").innerText()).toContain("but this browser now works in Second desk");

  // A chooses to show the browser's workspace: it loads it, uncovered
  await a.getByRole("button", { name: "Show Second desk here" }).click();
  await expect.poll(async () => (await currentWorkspace(a)).id).toBe(second.id);
  expect(await a.getByRole("alertdialog").count()).toBe(0);
});

it("a change sent from a tab still showing the workspace another tab switched away from is refused, naming both; nothing is changed", async () => {
  const a = await browser.newPage();
  await signInWithGoogle(a, tom);
  const first = await currentWorkspace(a);
  const firstName = `${tom.name}'s workspace`;
  await a.getByRole("button", { name: "+ New workspace" }).click();
  await a.getByLabel("Name").fill("Other desk");
  await a.getByRole("button", { name: "Create workspace" }).click();
  await expect.poll(async () => (await currentWorkspace(a)).label).toBe("Other desk (owner)");

  const b = await a.context().newPage();
  await b.goto("/settings");
  await b.locator("#ws-name").waitFor();
  await a.locator("#workspace-switcher").selectOption(first.id);
  await a.getByText(`What is happening in ${firstName}.`).waitFor();
  const notice = b.getByRole("alertdialog");
  await notice.waitFor();

  // the notice comes too late for a request already on its way (or not at all without BroadcastChannel): with it out
  // of the way, what the tab sends still names the workspace it shows, and the server refuses it
  await notice.evaluate((el) => ((el.parentElement as HTMLElement).style.display = "none"));
  const expected =
    `This tab shows "Other desk", but this browser has since switched to "${firstName}" (in another tab), so nothing was done. ` +
    `Reload this tab to work in "${firstName}", or switch back to "Other desk" and try again.`;
  // an upload first (a refused action's answer re-renders the page, after which the tab does show the other workspace)
  const upload = await uploadFromPage(b, "stale-tab.pdf", await makePdf(["From a stale tab"]));
  expect(upload).toMatchObject({ status: 409, error: expected });
  await b.locator("#ws-name").fill("Renamed from a stale tab");
  await b.locator("form:has(#ws-name)").getByRole("button", { name: "Save" }).click();
  const refusal = b.getByRole("alert").filter({ hasText: "This tab shows" });
  await refusal.waitFor();
  expect(await refusal.innerText()).toBe(expected);


  await a.reload();
  expect((await switcherOptions(a)).join("\n")).not.toContain("Renamed from a stale tab");
  await a.goto("/documents");
  await a.getByRole("heading", { name: "Documents" }).waitFor();
  expect(await a.getByText("stale-tab.pdf").count()).toBe(0);
});
