import { describe, expect, it } from "vitest";
import { baseURL, currentWorkspace, heading, newUser, oidcIssuer, signInWithGoogle, switcherOptions, setupBrowser } from "../support/browser";

// Google sign-in, end to end: Docket's "Sign in with Google" goes through the real authorization-code
// redirect flow (PKCE + state) against the local OpenID provider that stands in for Google.

const browser = setupBrowser();

describe("sign-in with Google (local OpenID provider)", () => {
  it("a signed-out visitor is sent to the sign-in page, which offers Google and no local sign-in", async () => {
    const page = await browser.newPage();
    await page.goto("/settings");
    await page.waitForURL((u) => u.pathname === "/sign-in");
    expect(new URL(page.url()).searchParams.get("callbackUrl")).toContain("/settings");
    await page.getByRole("button", { name: "Sign in with Google" }).waitFor();
    // Production: the development-only email sign-in must not exist.
    expect(await page.getByText("Local sign-in (development only)").count()).toBe(0);
  });

  it("signs a new user in through the provider's login and consent pages and lands on a personal workspace named after them", async () => {
    const page = await browser.newPage();
    const ana = newUser("Ana", "Lopez");
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with Google" }).click();

    // On the provider: the authorization request Docket sent is a code flow with PKCE and state.
    await page.waitForURL((u) => u.origin === oidcIssuer() && u.pathname.startsWith("/interaction/"));
    expect(await heading(page)).toBe("Sign in");
    await page.getByLabel("Email").fill(ana.email);
    await page.getByLabel("Name (optional)").fill(ana.name);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: /^Authorize / }).waitFor();
    expect(await page.getByTestId("oidc-account").innerText()).toBe(ana.email);
    const asked = await page.locator("li").allInnerTexts();
    expect(asked).toEqual(expect.arrayContaining(["openid", "email", "profile"]));
    await page.getByRole("button", { name: "Allow" }).click();

    // Back on Docket, signed in.
    await page.waitForURL((u) => u.origin === baseURL() && u.pathname === "/");
    expect(await heading(page)).toBe("Dashboard");
    const workspaceName = `${ana.name}'s workspace`;
    expect(await page.getByText(`What is happening in ${workspaceName}.`).count()).toBe(1);
    expect(await switcherOptions(page)).toEqual([`${workspaceName} (owner)`]);
    // The sidebar shows who is signed in, with the name and email from the ID token.
    await page.getByText(ana.email, { exact: true }).waitFor();
    await page.getByText(ana.name, { exact: true }).first().waitFor();
    expect(await page.getByTestId("stat-members").innerText()).toBe("1");
  });

  it("sends an authorization-code request with PKCE (S256), the openid email profile scopes and Docket's callback", async () => {
    const page = await browser.newPage();
    const authRequest = page.waitForRequest((r) => r.url().startsWith(`${oidcIssuer()}/auth?`));
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with Google" }).click();
    const params = new URL((await authRequest).url()).searchParams;
    expect(params.get("response_type")).toBe("code");
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(params.get("prompt")).toBe("select_account");
    expect(params.get("scope")?.split(" ").sort()).toEqual(["email", "openid", "profile"]);
    expect(params.get("redirect_uri")).toBe(`${baseURL()}/api/auth/callback/google`);
    // let the redirect land on the provider before the test ends (its context is closed right after)
    await page.waitForURL((u) => u.origin === oidcIssuer() && u.pathname.startsWith("/interaction/"));
  });

  it("signing in again as the same person reuses their workspace instead of creating another", async () => {
    const page = await browser.newPage();
    const ben = newUser("Ben", "Okafor");
    await signInWithGoogle(page, ben);
    const first = await currentWorkspace(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/sign-in");
    await page.goto("/");
    await page.waitForURL((u) => u.pathname === "/sign-in");

    // Same browser: the provider still has a session, but Docket asks for prompt=select_account,
    // so the provider shows its account chooser (the login page) again.
    await signInWithGoogle(page, ben);
    expect(await currentWorkspace(page)).toEqual(first);
    expect(await switcherOptions(page)).toEqual([`${ben.name}'s workspace (owner)`]);
  });

  it("a user who denies access at the provider comes back to Docket's sign-in page with an error, not signed in", async () => {
    const page = await browser.newPage();
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in with Google" }).click();
    await page.waitForURL((u) => u.origin === oidcIssuer() && u.pathname.startsWith("/interaction/"));
    await page.getByRole("link", { name: "Cancel" }).click();
    await page.waitForURL((u) => u.origin === baseURL() && u.pathname === "/sign-in");
    await page.getByRole("alert").filter({ hasText: "Sign-in did not complete. Try again." }).waitFor();
    await page.goto("/");
    await page.waitForURL((u) => u.pathname === "/sign-in");
  });
});
