import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { baseURL, newUser, setupBrowser, signInWithGoogle } from "../support/browser";
import { zipSync } from "fflate";
import { PDFDocument } from "pdf-lib";
import { htmlErrorPage, makePdf } from "../support/files";

// Uploading on the Documents page through the upload zone: a real PDF is stored and listed; a file
// that only pretends to be a PDF gets its own clear error and is not stored; the same PDF again is
// recognised as a duplicate.

const browser = setupBrowser();
const user = newUser("Dana", "Docs");
let page: Page;

beforeAll(async () => {
  page = await browser.newPage();
  await signInWithGoogle(page, user);
});

/** The upload zone's row for `name` once it has finished (done, duplicate or error). */
async function finishedUpload(name: string) {
  const item = page.getByTestId("upload-item").filter({ has: page.getByText(name, { exact: true }) });
  await item.locator("span", { hasText: /^(done|duplicate|error)$/ }).waitFor();
  const lines = (await item.innerText()).split("\n").map((s) => s.trim()).filter(Boolean);
  return { state: lines[1], message: lines.slice(2).join(" ") };
}

describe("documents upload", () => {
  it("uploads a PDF made with pdf-lib and lists it; its link serves the same bytes", async () => {
    const name = `invoice-${randomBytes(3).toString("hex")}.pdf`;
    const pdf = await makePdf([`Invoice ${name}`, "Total: 120.00 EUR"]);
    await page.goto("/documents");
    await page.getByText("No documents yet.").waitFor();
    await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "application/pdf", buffer: pdf });

    expect(await finishedUpload(name)).toEqual({ state: "done", message: "" });
    const link = page.getByRole("link", { name });
    await link.waitFor();
    const row = page.getByRole("row").filter({ has: link });
    // the name opens the document's page; "file" serves the stored bytes
    expect(await link.getAttribute("href")).toMatch(/^\/documents\/[^/?]+/);
    const href = await row.getByRole("link", { name: "file", exact: true }).getAttribute("href");
    expect(href).toMatch(/^\/api\/documents\/[^/]+$/);
    const served = await page.request.get(`${baseURL()}${href}`);
    expect(served.status()).toBe(200);
    expect(Buffer.compare(await served.body(), pdf)).toBe(0);
  });

  it("a non-PDF renamed .pdf gets a clear per-file error and is not stored, while a good file in the same drop is", async () => {
    const fake = `statement-${randomBytes(3).toString("hex")}.pdf`;
    const good = `receipt-${randomBytes(3).toString("hex")}.pdf`;
    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles([
      { name: fake, mimeType: "application/pdf", buffer: htmlErrorPage() },
      { name: good, mimeType: "application/pdf", buffer: await makePdf([`Receipt ${good}`]) },
    ]);

    const bad = await finishedUpload(fake);
    expect(bad.state).toBe("error");
    expect(bad.message).toContain(fake);
    expect(bad.message).toContain("this file is not a PDF");
    expect(bad.message).toContain("web page (HTML)");
    expect(await finishedUpload(good)).toEqual({ state: "done", message: "" });

    await page.getByRole("link", { name: good }).waitFor();
    await page.reload();
    await page.getByRole("link", { name: good }).waitFor();
    expect(await page.getByRole("link", { name: fake }).count()).toBe(0);
  });

  it("the same PDF uploaded again is recognised as a duplicate, not stored twice", async () => {
    const name = `quote-${randomBytes(3).toString("hex")}.pdf`;
    const pdf = await makePdf([`Quote ${name}`]);
    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "application/pdf", buffer: pdf });
    expect((await finishedUpload(name)).state).toBe("done");

    const again = `copy-of-${name}`;
    await page.getByTestId("upload-input").setInputFiles({ name: again, mimeType: "application/pdf", buffer: pdf });
    expect(await finishedUpload(again)).toEqual({ state: "duplicate", message: `Already uploaded as ${name}` });
    await page.reload();
    await page.getByRole("link", { name }).waitFor();
    expect(await page.getByRole("link", { name: again }).count()).toBe(0);
  });

  it("asks before the page is left while a file is still being sent, and stops asking once it is stored", async () => {
    const name = `slow-${randomBytes(3).toString("hex")}.pdf`;
    const pdf = await makePdf([`Invoice ${name}`, "Total: 30.00 EUR"]);
    await page.goto("/documents");
    // hold the upload at the server's door until the page has been asked to unload
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route("**/api/documents", async (route) => {
      await held;
      await route.continue();
    });
    const leaving = () => page.evaluate(() => !window.dispatchEvent(new Event("beforeunload", { cancelable: true })));
    expect(await leaving()).toBe(false);
    await page.getByTestId("upload-input").setInputFiles({ name, mimeType: "application/pdf", buffer: pdf });
    await expect.poll(leaving).toBe(true);
    release();
    expect(await finishedUpload(name)).toEqual({ state: "done", message: "" });
    await page.unroute("**/api/documents");
    expect(await leaving()).toBe(false);
  });

  it("takes in a whole folder (sub-folders included, system files skipped) and opens its broker spreadsheet as an insurance case", async () => {
    const tag = randomBytes(3).toString("hex");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-folder-"));
    const root = path.join(dir, `facturas-${tag}`);
    fs.mkdirSync(path.join(root, "broker"), { recursive: true });
    fs.writeFileSync(path.join(root, `a-${tag}.pdf`), await makePdf([`Invoice A ${tag}`, "Total: 10.00 EUR"]));
    fs.writeFileSync(path.join(root, `b-${tag}.pdf`), await makePdf([`Invoice B ${tag}`, "Total: 20.00 EUR"]));
    fs.writeFileSync(path.join(root, ".DS_Store"), "junk");
    const csv = `flotilla-${tag}.csv`;
    fs.writeFileSync(path.join(root, "broker", csv), "No.,MARCA,SUBMARCA,AÑO,DESCRIPCION\n1,NISSAN,VERSA,2020,SENSE TM\n2,VW,JETTA,2019,STYLE AUT\n");
    await page.goto("/documents");
    await page.getByTestId("upload-folder-input").setInputFiles(root);

    // each file listed with its path inside the folder, the system file left out and said so
    for (const p of [`facturas-${tag}/a-${tag}.pdf`, `facturas-${tag}/b-${tag}.pdf`, `facturas-${tag}/broker/${csv}`]) expect((await finishedUpload(p)).state).toBe("done");
    await page.getByText("Skipped 1 system file(s) such as .DS_Store.").waitFor();
    expect(await page.getByTestId("upload-item").filter({ hasText: ".DS_Store" }).count()).toBe(0);

    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: csv }) });
    await row.getByRole("button", { name: "Open as insurance case" }).click();
    await page.waitForURL(/\/insurance\/cases\//);
    await page.getByText(/No broker is set for this case/).waitFor();
    await page.goto("/documents");
    await page.getByRole("row").filter({ has: page.getByRole("link", { name: csv }) }).getByRole("link", { name: /^Insurance case COT-/ }).waitFor();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("takes in a folder dragged onto the drop zone (a real drag carrying a directory)", async () => {
    const tag = randomBytes(3).toString("hex");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-drag-"));
    const root = path.join(dir, `scans-${tag}`);
    fs.mkdirSync(path.join(root, "2026", "11"), { recursive: true });
    fs.writeFileSync(path.join(root, `c-${tag}.pdf`), await makePdf([`Invoice C ${tag}`]));
    fs.writeFileSync(path.join(root, "2026", "11", `d-${tag}.pdf`), await makePdf([`Invoice D ${tag}`]));
    fs.writeFileSync(path.join(root, "Thumbs.db"), "junk");
    await page.goto("/documents");
    const zone = page.getByRole("button", { name: /Upload files/ });
    const box = (await zone.boundingBox())!;
    // Chromium's own drag and drop (DevTools protocol), so the drop carries a directory entry as an OS drag would
    const cdp = await page.context().newCDPSession(page);
    const at = { x: box.x + box.width / 2, y: box.y + box.height / 2, data: { items: [], files: [root], dragOperationsMask: 1 } };
    for (const type of ["dragEnter", "dragOver", "drop"] as const) await cdp.send("Input.dispatchDragEvent", { type, ...at });
    for (const p of [`scans-${tag}/c-${tag}.pdf`, `scans-${tag}/2026/11/d-${tag}.pdf`]) expect((await finishedUpload(p)).state).toBe("done");
    await page.getByText("Skipped 1 system file(s) such as .DS_Store.").waitFor();
    await cdp.detach();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  it("uploads a 24 MB scanned PDF and a 20 MB zip through the drop zone, and refuses a 30 MB file before sending it", async () => {
    const tag = randomBytes(3).toString("hex");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "docket-big-"));
    const MB = 1024 * 1024;
    // a scanned invoice with its scanner's raw image data kept inside, as some scanners do: 24 MB that does not compress
    const padded = async (pdf: Buffer, bytes: number) => {
      const doc = await PDFDocument.load(pdf);
      await doc.attach(randomBytes(bytes), "scanner-raw.bin", { mimeType: "application/octet-stream" });
      return Buffer.from(await doc.save());
    };
    const scanPath = path.join(dir, `scan-${tag}.pdf`);
    const scanned = fs.readFileSync(path.join(process.cwd(), "lib", "extraction", "fixtures", "scanned", "de-invoice-2-scan.pdf"));
    fs.writeFileSync(scanPath, await padded(scanned, 24 * MB - scanned.length - 4096));
    expect(fs.statSync(scanPath).size).toBeGreaterThan(23.5 * MB);
    const zipPath = path.join(dir, `batch-${tag}.zip`);
    const entries: Record<string, Uint8Array> = {};
    for (let i = 1; i <= 4; i++) entries[`batch/inv-${tag}-${i}.pdf`] = await padded(await makePdf([`Invoice ${tag}-${i}`, "Total: 10.00 EUR"]), 5 * MB);
    fs.writeFileSync(zipPath, zipSync(entries, { level: 0 }));
    expect(fs.statSync(zipPath).size).toBeGreaterThan(19.5 * MB);
    const hugePath = path.join(dir, `huge-${tag}.pdf`);
    fs.writeFileSync(hugePath, Buffer.alloc(30 * MB, 1));

    await page.goto("/documents");
    await page.getByTestId("upload-input").setInputFiles([scanPath, zipPath, hugePath]);
    const huge = await finishedUpload(`huge-${tag}.pdf`);
    expect(huge).toEqual({ state: "error", message: `"huge-${tag}.pdf" is 30.0 MB; files can be at most 25 MB each. Split the PDF into smaller files or scan it at a lower resolution, then upload again.` });
    expect(await finishedUpload(`scan-${tag}.pdf`)).toEqual({ state: "done", message: "" });
    expect((await finishedUpload(`batch-${tag}.zip`)).state).toBe("done");

    await page.reload();
    await page.getByRole("link", { name: `scan-${tag}.pdf` }).waitFor();
    for (let i = 1; i <= 4; i++) await page.getByRole("link", { name: `inv-${tag}-${i}.pdf` }).waitFor();
    expect(await page.getByRole("link", { name: `huge-${tag}.pdf` }).count()).toBe(0);
    // the big scan is stored whole: its link serves every byte
    const scanRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: `scan-${tag}.pdf` }) });
    const href = await scanRow.getByRole("link", { name: "file", exact: true }).getAttribute("href");
    const served = await page.request.get(`${baseURL()}${href}`);
    expect(Buffer.compare(await served.body(), fs.readFileSync(scanPath))).toBe(0);

    // the route says the same to an API client that sends too much, without reading it all
    const over = await page.request.post(`${baseURL()}/api/documents`, {
      headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(`huge-${tag}.pdf`) },
      data: fs.readFileSync(hugePath),
    });
    expect(over.status()).toBe(413);
    expect((await over.json()).error).toMatch(new RegExp(`^"huge-${tag}\\.pdf" is 30\\.0 MB; files can be at most 25 MB each\\.`));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
