import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { newUser, setupBrowser, signInWithGoogle, UI_TIMEOUT } from "../support/browser";
import { decodeQuotedPrintable } from "../support/files";
import { problemsOnly, walkPage } from "../support/page-check";

// A campaign from an empty workspace, as its user meets it: add the dev outbox in Campaigns → Accounts and
// set its pacing to the fastest allowed (10 s apart); create a campaign from a 2-row CSV (upload, mapping,
// subject/body with a placeholder) and land on the draft; edit the message there (a column inserted at the
// cursor changes the live preview; an unknown {{nope}} is refused by the server, naming it; fixed and saved,
// the page shows the new message); send a test to myself; send now and watch progress reach sent = total;
// read the messages in Settings → Mail outbox.
// The steps build on each other (one server, one user), so they run in order and each says what it needs.
// Pacing: the test send counts toward the account's gap, so the two sends come ~10 s and ~20 s after it.

const browser = setupBrowser();
const user = newUser("Carla", "Campaigner");
const tag = randomBytes(3).toString("hex");
const campaignName = `Outreach ${tag}`;
const recipients = [
  { email: `ana.lopez.${tag}@example.test`, name: "Ana Lopez", company: "Acme Logistics" },
  { email: `bo.chen.${tag}@example.test`, name: "Bo Chen", company: "Globex Freight" },
];
const csv = ["Email,Name,Company", ...recipients.map((r) => `${r.email},${r.name},${r.company}`)].join("\n") + "\n";

let page: Page;
const state: { campaignUrl?: string; edited?: boolean; sending?: boolean } = {};

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === false) throw new Error(`This step needs ${what} from an earlier step, which did not happen.`);
  return value;
}

beforeAll(async () => {
  page = await browser.newPage();
  await signInWithGoogle(page, user);
});

describe("campaigns: set up, draft, edit, test, send", () => {
  it("adds the dev outbox in Campaigns → Accounts and sets its pacing to the smallest gap allowed", async () => {
    await page.goto("/campaigns");
    await page.getByText("No campaigns yet.").waitFor();
    await page.getByRole("link", { name: "Accounts & suppression list" }).click();
    await page.waitForURL(/\/campaigns\/accounts$/);
    await page.getByRole("button", { name: "Add the dev outbox" }).click();
    // the confirmation stays after the refresh replaces the button
    await page.getByText("This workspace has a dev outbox account (listed above)").waitFor();
    await page.getByText("Dev outbox added.").waitFor();
    const account = page.getByTestId("sending-account");
    await account.getByText("Dev outbox", { exact: true }).waitFor();

    // Below the floor is refused by the server, naming the field.
    await account.getByLabel("Min gap (s)").fill("1");
    await account.getByLabel("Max gap (s)").fill("1");
    await account.getByRole("button", { name: "Save limits" }).click();
    await account.getByRole("alert").filter({ hasText: /minGapSec must be a whole number from 10/ }).waitFor();

    await account.getByLabel("Min gap (s)").fill("10");
    await account.getByLabel("Max gap (s)").fill("10");
    await account.getByRole("button", { name: "Save limits" }).click();
    await account.getByText("Limits saved; they apply from the next send.").waitFor();
    await page.reload();
    expect(await page.getByTestId("sending-account").getByLabel("Min gap (s)").inputValue()).toBe("10");
    expect(await page.getByTestId("sending-account").getByLabel("Max gap (s)").inputValue()).toBe("10");
  });

  it("creates a campaign from a CSV: upload, mapping, template with a placeholder, saved as a draft", async () => {
    await page.goto("/campaigns");
    await page.getByRole("link", { name: "New campaign" }).first().click();
    await page.waitForURL(/\/campaigns\/new$/);
    await page.getByLabel("Campaign name").fill(campaignName);
    await page.getByLabel("Recipient list (CSV or Excel .xlsx)").setInputFiles({ name: "prospects.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    const summary = page.getByTestId("import-summary");
    await summary.getByText("2 recipients").waitFor();
    expect(await summary.innerText()).toContain("0 rows skipped");
    expect(await page.getByLabel("Email (required)").inputValue()).toBe("Email");
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("Name");
    expect(await page.getByLabel("Company", { exact: true }).inputValue()).toBe("Company");

    await page.getByLabel("Subject").fill("Hello {{first_name}}");
    await page.getByLabel("Plain text").fill("Hi {{first_name}},\n\nA short note from Carla.");
    await page.getByText("Preview for the first recipients").waitFor();
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
    await page.getByRole("heading", { level: 1, name: campaignName }).waitFor();
    await page.getByText("Draft", { exact: true }).first().waitFor();
    expect(await page.getByTestId("count-total").innerText()).toBe("2");
    state.campaignUrl = page.url();
  });

  it("edits the draft's message: prefilled, a column inserted at the cursor, live preview, the server's error for {{nope}}, saved", async () => {
    await page.goto(need(state.campaignUrl, "the draft campaign"));
    const form = page.getByTestId("edit-message");
    const live = form.getByTestId("live-preview");
    const saved = page.getByTestId("message-preview");

    // The current values are prefilled; the preview is for the first recipient.
    expect(await form.getByLabel("Campaign name").inputValue()).toBe(campaignName);
    expect(await form.getByLabel("Subject").inputValue()).toBe("Hello {{first_name}}");
    expect(await form.getByLabel("Plain text").inputValue()).toBe("Hi {{first_name}},\n\nA short note from Carla.");
    await live.getByText(`Live preview as ${recipients[0].email} will get it`).waitFor();
    await live.getByText("Subject: Hello Ana").waitFor();
    for (const col of ["{{email}}", "{{company}}", "{{name}}", "{{first_name}}"]) await form.getByRole("button", { name: col, exact: true }).waitFor();

    // A column clicked in the list goes in at the cursor of the field being written, and the preview follows.
    const body = form.getByLabel("Plain text");
    await body.fill("Hi {{first_name}},\n\nI saw what  does with freight.\n\nCarla");
    await body.evaluate((el: HTMLTextAreaElement) => {
      const at = el.value.indexOf("  does") + 1;
      el.setSelectionRange(at, at);
    });
    await form.getByRole("button", { name: "{{company}}", exact: true }).click();
    expect(await body.inputValue()).toBe("Hi {{first_name}},\n\nI saw what {{company}} does with freight.\n\nCarla");
    await live.getByText("I saw what Acme Logistics does with freight.").waitFor();
    await live.getByText("(not saved yet)").waitFor();

    // An unknown placeholder: flagged live, and refused by the server with the part and the placeholder named.
    await form.getByLabel("Subject").fill("A question for {{nope}}");
    await live.getByTestId("template-problems").getByText("Subject: unknown placeholder {{nope}}").waitFor();
    await form.getByRole("button", { name: "Save message" }).click();
    const error = form.getByRole("alert");
    await error.waitFor();
    expect(await error.innerText()).toMatch(/subject: unknown placeholder \{\{nope\}\}/);
    // Nothing was saved.
    await page.reload();
    expect(await page.getByTestId("edit-message").getByLabel("Subject").inputValue()).toBe("Hello {{first_name}}");

    // Fixed (and renamed), saved: the page shows the new values.
    await form.getByLabel("Campaign name").fill(`${campaignName} v2`);
    await form.getByLabel("Subject").fill("A question for ");
    await form.getByRole("button", { name: "{{company}}", exact: true }).click();
    expect(await form.getByLabel("Subject").inputValue()).toBe("A question for {{company}}");
    await body.fill("Hi {{first_name}},\n\nI saw what {{company}} does with freight.\n\nCarla");
    await live.getByText("Subject: A question for Acme Logistics").waitFor();
    await form.getByRole("button", { name: "Save message" }).click();
    await form.getByRole("status").getByText(/^Saved\./).waitFor();
    await page.getByRole("heading", { level: 1, name: `${campaignName} v2` }).waitFor();
    await saved.getByText("Subject: A question for Acme Logistics").waitFor();
    await saved.getByText(/I saw what Acme Logistics does with freight\./).waitFor();
    await page.reload();
    expect(await page.getByTestId("edit-message").getByLabel("Subject").inputValue()).toBe("A question for {{company}}");
    expect(await page.getByTestId("message-preview").innerText()).toContain("Subject: A question for Acme Logistics");
    state.edited = true;
  });

  it("sends a test of the edited message to myself (stored in the dev outbox)", async () => {
    need(state.edited, "the edited draft");
    await page.goto(need(state.campaignUrl, "the draft campaign"));
    await page.getByRole("button", { name: "Send a test to myself" }).click();
    await page.getByRole("status").filter({ hasText: `Test (as for ${recipients[0].email}) sent to ${user.email}` }).waitFor();
  });

  it("sends now: progress reaches sent = total without a reload, and the draft can no longer be edited", async () => {
    need(state.edited, "the edited draft");
    await page.goto(need(state.campaignUrl, "the draft campaign"));
    // The default window (weekdays 09–18 in the browser's zone) could hold the run until tomorrow.
    await page.getByLabel("Only send inside a window").uncheck();
    await page.getByRole("button", { name: "Start sending" }).click();
    // The page refreshes into the running campaign: the draft's cards (the edit form, the schedule form and
    // its short-lived "Scheduled" confirmation) go away, the status badge moves on.
    await page.getByRole("button", { name: "Start sending" }).waitFor({ state: "detached" });
    await page.getByTestId("edit-message").waitFor({ state: "detached" });
    await page.getByText(/^(Scheduled|Sending|Completed)$/).first().waitFor();
    state.sending = true;

    await expect.poll(async () => page.getByTestId("count-sent").innerText(), { timeout: 60_000, interval: 1000 }).toBe("2");
    expect(await page.getByTestId("count-total").innerText()).toBe("2");
    expect(await page.getByTestId("count-failed").innerText()).toBe("0");
    expect(await page.getByTestId("count-skipped").innerText()).toBe("0");
    await page.getByText("Completed", { exact: true }).first().waitFor({ timeout: UI_TIMEOUT });
    const log = page.getByTestId("send-log");
    for (const r of recipients) await log.getByRole("row").filter({ hasText: r.email }).getByText("Sent", { exact: true }).waitFor();
  });

  it("shows the sent messages in Settings → Mail outbox, each rendered for its recipient", async () => {
    need(state.sending, "the sent campaign");
    await page.goto("/settings");
    await page.getByRole("link", { name: "Mail outbox" }).click();
    await page.waitForURL(/\/settings\/outbox$/);
    const rows = page.getByRole("row");
    await rows.filter({ hasText: user.email }).getByRole("link", { name: "[Test] A question for Acme Logistics" }).waitFor();
    await rows.filter({ hasText: recipients[1].email }).getByRole("link", { name: "A question for Globex Freight" }).waitFor();
    await rows.filter({ hasText: recipients[0].email }).getByRole("link", { name: "A question for Acme Logistics", exact: true }).click();
    await page.waitForURL(/\/settings\/outbox\/[^/]+$/);
    const raw = decodeQuotedPrintable(await page.locator("pre").innerText());
    expect(raw).toMatch(new RegExp(`^To: .*${recipients[0].email.replace(/\./g, "\\.")}`, "m"));
    expect(raw).toContain("Hi Ana,");
    expect(raw).toContain("I saw what Acme Logistics does with freight.");
    expect(raw).toMatch(/List-Unsubscribe:/i);
  });

  it("the campaign pages with a sent campaign fit a laptop and show no internal names", async () => {
    const bad: Record<string, unknown> = {};
    for (const [name, url] of [
      ["campaign", need(state.campaignUrl, "the draft campaign")],
      ["campaigns", "/campaigns"],
      ["campaigns-accounts-list", "/campaigns/accounts"],
      ["outbox", "/settings/outbox"],
    ] as const) {
      const p = problemsOnly(await walkPage(page, name, url));
      if (Object.keys(p).length) bad[url] = p;
    }
    expect(bad).toEqual({});
  });
});
