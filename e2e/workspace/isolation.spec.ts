import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { baseURL, currentWorkspace, newUser, setupBrowser, signInWithGoogle, switcherOptions } from "../support/browser";
import { makePdf, uploadFromPage } from "../support/files";
import { actionPolicy, discoverActions, publicRoutes, routeFiles, type DiscoveredAction } from "@/lib/actions/testing/discover";
import { callServerAction, serverActionId } from "../support/server-action";

// Two people, two private workspaces, one server. B is signed in and tries every way a curious user
// would to reach A's data: A's document download URL, the workspace switcher, a hand-edited workspace
// cookie, and the switch action called directly. Each attempt is paired with A doing the same thing
// successfully, so a refusal is known to be about who asks. Then every server action the build exposes — found
// from the declarations in lib/actions — is called over HTTP by a viewer of A's workspace, and every route
// handler under app/api by a signed-out caller.

const browser = setupBrowser();
type ActionResult = { ok: true; data: Record<string, unknown> } | { ok: false; error: string; code?: string };

const alice = newUser("Alice", "Able");
const bruno = newUser("Bruno", "Baker");
const aliceFile = `alice-private-${Date.now()}.pdf`;

let a: Page;
let b: Page;
let aliceWs: { id: string; label: string };
let brunoWs: { id: string; label: string };
let aliceDocId: string;

beforeAll(async () => {
  a = await browser.newPage();
  await signInWithGoogle(a, alice);
  aliceWs = await currentWorkspace(a);
  const up = await uploadFromPage(a, aliceFile, await makePdf(["Alice's private contract", alice.email]));
  expect(up.status).toBe(200);
  expect(up.line).toMatchObject({ status: "stored", documentId: expect.any(String) });
  aliceDocId = up.line!.documentId!;

  b = await browser.newPage();
  await signInWithGoogle(b, bruno);
  brunoWs = await currentWorkspace(b);
});

describe("isolation of two workspaces", () => {
  it("each person's switcher lists only their own workspace", async () => {
    expect(aliceWs.id).not.toBe(brunoWs.id);
    expect(await switcherOptions(b)).toEqual([`${bruno.name}'s workspace (owner)`]);
    expect(await switcherOptions(a)).toEqual([`${alice.name}'s workspace (owner)`]);
  });

  it("B cannot download A's document (JSON 403/404), while A can", async () => {
    const url = `${baseURL()}/api/documents/${aliceDocId}`;
    const mine = await a.request.get(url);
    expect(mine.status()).toBe(200);
    expect(mine.headers()["content-type"]).toBe("application/pdf");
    expect((await mine.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const theirs = await b.request.get(url);
    expect([403, 404]).toContain(theirs.status());
    expect(theirs.headers()["content-type"]).toContain("application/json");
    const body = (await theirs.json()) as { error?: string };
    expect(body.error).toBeTruthy();
    expect(body.error).not.toContain(aliceFile);

    // And B's documents page does not list it.
    await b.goto("/documents");
    await b.getByRole("heading", { name: "Documents" }).waitFor();
    expect(await b.getByText(aliceFile).count()).toBe(0);
  });

  it("B's workspace cookie forced to A's workspace id still shows only B's own workspace", async () => {
    await b.context().addCookies([{ name: "docket_ws", value: aliceWs.id, url: baseURL(), httpOnly: true, sameSite: "Lax" }]);

    await b.goto("/");
    await b.getByText(`What is happening in ${bruno.name}'s workspace.`).waitFor();
    expect(await currentWorkspace(b)).toEqual(brunoWs);
    expect((await switcherOptions(b)).join("\n")).not.toContain(alice.name);

    await b.goto("/documents");
    await b.getByRole("heading", { name: "Documents" }).waitFor();
    expect(await b.getByText(aliceFile).count()).toBe(0);

    await b.goto("/settings");
    await b.getByText("Your role here: owner.").waitFor();
    expect(await b.getByText(alice.email).count()).toBe(0);
    expect(await b.locator("#ws-name").inputValue()).toBe(`${bruno.name}'s workspace`);

    const download = await b.request.get(`${baseURL()}/api/documents/${aliceDocId}`);
    expect([403, 404]).toContain(download.status());

    // An upload with the forced cookie is refused: it lands in neither A's workspace nor B's own (a page left open
    // in a workspace its person was removed from must not put things elsewhere).
    await b.context().addCookies([{ name: "docket_ws", value: aliceWs.id, url: baseURL(), httpOnly: true, sameSite: "Lax" }]);
    const bFile = `bruno-${Date.now()}.pdf`;
    const refused = await uploadFromPage(b, bFile, await makePdf(["Bruno's file"]));
    expect(refused.status).toBe(403);
    expect(refused.error).toContain("You are not a member of this workspace (any more)");
    await a.goto("/documents");
    await a.getByRole("link", { name: aliceFile }).waitFor();
    expect(await a.getByText(bFile).count()).toBe(0);

    // A page load says so and points the cookie at B's own workspace; uploads then land there.
    const repaired = b.waitForResponse((r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined);
    await b.goto("/documents");
    await b.getByText(`You are no longer a member of the workspace you had open, so you are in ${bruno.name}'s workspace now.`).waitFor();
    await repaired;
    const up = await uploadFromPage(b, bFile, await makePdf(["Bruno's file"]));
    expect(up.line?.status).toBe("stored");
    await a.reload();
    await a.getByRole("link", { name: aliceFile }).waitFor();
    expect(await a.getByText(bFile).count()).toBe(0);
  });

  it("B cannot switch into A's workspace by calling the switch action, nor rename it", async () => {
    await b.goto("/");
    const sw = await callServerAction<ActionResult>(b, "lib/actions/workspace.ts", "switchWorkspaceAction", { workspaceId: aliceWs.id });
    expect(sw.result).toMatchObject({ ok: false, error: "You are not a member of that workspace." });
    await b.reload();
    expect(await currentWorkspace(b)).toEqual(brunoWs);

    // Control: switching to a workspace B is in works through the same call.
    const own = await callServerAction<ActionResult>(b, "lib/actions/workspace.ts", "switchWorkspaceAction", { workspaceId: brunoWs.id });
    expect(own.result).toMatchObject({ ok: true });

    // With A's id forced in the cookie, a rename is refused: neither A's workspace nor B's own is renamed.
    await b.context().addCookies([{ name: "docket_ws", value: aliceWs.id, url: baseURL(), httpOnly: true, sameSite: "Lax" }]);
    const renamed = `${bruno.name}'s renamed workspace`;
    const rename = await callServerAction<ActionResult>(b, "lib/actions/workspace.ts", "renameWorkspaceAction", { name: renamed });
    expect(rename.result).toMatchObject({ ok: false, code: "forbidden", error: expect.stringContaining("You are not a member of this workspace (any more)") });
    await a.goto("/");
    await a.getByText(`What is happening in ${alice.name}'s workspace.`).waitFor();
    expect((await currentWorkspace(a)).label).toBe(`${alice.name}'s workspace (owner)`);
    await b.goto("/");
    await b.getByText(`What is happening in ${bruno.name}'s workspace.`).waitFor();
    expect(await b.getByText(renamed).count()).toBe(0);
  });

  it("B's live stream (/api/live) carries none of A's changes while A's own does; signed out, there is no stream", async () => {
    type W = { __iso: string[] };
    const open = (p: Page) =>
      p.evaluate(
        () =>
          new Promise<void>((resolve) => {
            (window as unknown as W).__iso = [];
            const es = new EventSource("/api/live");
            es.addEventListener("change", (e) => (window as unknown as W).__iso.push((e as MessageEvent).data));
            es.onopen = () => resolve();
          }),
      );
    const heard = (p: Page) => p.evaluate(() => (window as unknown as W).__iso.join("\n"));
    await a.goto("/documents");
    await b.goto("/documents");
    await open(a);
    await open(b);
    const up = await uploadFromPage(a, `alice-live-${Date.now()}.pdf`, await makePdf(["Alice's live file"]));
    const id = up.line!.documentId!;
    await expect.poll(() => heard(a), { timeout: 15_000 }).toContain(id);
    await b.waitForTimeout(1_000);
    expect(await heard(b)).not.toContain(id);

    const anon = await browser.newPage();
    const r = await anon.request.get(`${baseURL()}/api/live`, { maxRedirects: 0 });
    expect(r.status()).not.toBe(200);
    expect(r.headers()["content-type"] ?? "").not.toContain("text/event-stream");
  });

  it("malformed calls of the form actions (JSON instead of a form, nothing at all) answer with a validation error, not a 500", async () => {
    await b.goto("/");
    for (const [file, name] of [
      ["lib/actions/campaigns.ts", "inspectRecipientFileAction"],
      ["lib/actions/campaigns.ts", "createCampaignAction"],
      ["lib/actions/inbox.ts", "enterEmailAction"],
      ["lib/actions/insurance.ts", "analyzeProfileSampleAction"],
    ] as const) {
      for (const arg of [{ file: "not a file" }, null]) {
        const r = await callServerAction<ActionResult>(b, file, name, arg);
        expect(r.status, `${name}(${JSON.stringify(arg)})`).toBe(200);
        expect(r.result, name).toMatchObject({ ok: false });
        expect((r.result as { error: string }).error, name).not.toMatch(/Something went wrong/);
      }
    }
  });
});

describe("every action and route over HTTP", () => {
  let actions: DiscoveredAction[];
  let viewer: Page;
  const vera = newUser("Vera", "Viewer");

  beforeAll(async () => {
    actions = await discoverActions();
    // A invites Vera as a viewer; Vera signs in and accepts by calling the actions the invite page uses.
    await a.goto("/");
    const invite = await callServerAction<ActionResult>(a, "lib/actions/workspace.ts", "inviteMemberAction", { email: vera.email, role: "viewer" });
    expect(invite.result).toMatchObject({ ok: true });
    const link = invite.result.ok ? String(invite.result.data.link) : "";
    viewer = await browser.newPage();
    await signInWithGoogle(viewer, vera);
    const accepted = await callServerAction<ActionResult>(viewer, "lib/actions/workspace.ts", "acceptInvitationAction", { token: link.split("/invite/")[1] });
    expect(accepted.result).toMatchObject({ ok: true, data: { workspaceId: aliceWs.id } });
    await viewer.goto("/");
    expect((await currentWorkspace(viewer)).id).toBe(aliceWs.id);
  });

  it("the build exposes every declared action, and each is in the role table", () => {
    expect(actions.length).toBeGreaterThanOrEqual(60);
    for (const x of actions) {
      expect(() => serverActionId(x.file, x.exportName), `${x.file} ${x.exportName}`).not.toThrow();
      expect(actionPolicy[x.definition.name], `${x.definition.name} has no role in lib/actions/testing/discover.ts`).toBeDefined();
    }
  });

  it("refuses a viewer every action that needs more than viewer, whatever it is sent, and leaves A's workspace as it was", async () => {
    await viewer.goto("/");
    let tried = 0;
    for (const x of actions) {
      const role = actionPolicy[x.definition.name];
      if (role === "user" || role === "viewer") continue;
      for (const arg of [{}, null]) {
        const r = await callServerAction<ActionResult>(viewer, x.file, x.exportName, arg);
        expect(r.status, x.exportName).toBe(200);
        expect(r.result, `${x.exportName} as viewer`).toMatchObject({ ok: false, code: "forbidden", error: expect.stringMatching(/^Your role \(viewer\) cannot do this/) });
      }
      tried++;
    }
    expect(tried).toBeGreaterThanOrEqual(50);
    // A still owns the workspace under its name, and Vera is still only a viewer.
    await a.goto("/settings");
    await a.getByText("Your role here: owner.").waitFor();
    expect(await a.getByLabel(`Role of ${vera.email}`).inputValue()).toBe("viewer");
  });

  it("answers every non-public route handler with 401 to a signed-out caller (dynamic segments filled with an unknown id)", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(14);
    const ctx = await browser.newPage();
    for (const file of files.filter((f) => !publicRoutes.has(f))) {
      const url = `${baseURL()}/${file.replace(/^app\//, "").replace(/\/route\.ts$/, "").replace(/\[[^\]]+\]/g, "unknown-id")}`;
      const r = await ctx.request.fetch(url, { method: file === "app/api/documents/route.ts" ? "POST" : "GET", maxRedirects: 0 });
      expect([401, 307], `${file} (${url}) signed out`).toContain(r.status());
      if (r.status() === 307) expect(r.headers().location, file).toContain("/sign-in");
    }
  });
});
