import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { normalizeEmail } from "./email-address";
import { parseRecipientCsv, readRecipientFile, RecipientImportError } from "./recipient-file";
import { suggestRecipientMapping } from "./recipient-mapping";
import { importRecipients } from "./recipients";

const csv = [
  "Empresa,Correo electrónico,Nombre,Puesto,Designation,Ciudad,Fecha de ingreso",
  "Acme,  Bob@Acme.example ,Bob Smith,Engineer,Senior,CDMX,2024-01-02",
  "Globex,carla@globex,Carla,Analyst,,Monterrey,", // no TLD → invalid
  "Initech,BOB@acme.example,Robert,CTO,,Puebla,", // duplicate of row 2 after normalisation
  "", // blank line: ignored, row numbers stay true
  "Umbrella,unsub@umbrella.example,Dana,HR,,GDL,",
  "Hooli,old@hooli.example,Eve,PM,,CDMX,",
  'Massive,"Frank <frank@massive.example>",Frank,Dev,Lead,"Mérida, Yuc.",',
  "Vandelay,,George,Import,,NYC,",
].join("\r\n");

describe("recipient CSV import", () => {
  const table = parseRecipientCsv(csv);
  const suggestion = suggestRecipientMapping(table.headers);

  it("suggests the mapping from Spanish and English headers", () => {
    expect(suggestion.mapping).toEqual({
      email: "Correo electrónico",
      company: "Empresa",
      name: "Nombre",
      role: "Puesto",
      designation: "Designation",
    });
  });

  it("imports, normalises and reports every skipped row with its row number and reason", () => {
    const res = importRecipients(table, {
      mapping: suggestion.mapping as { email: string },
      suppressed: new Set(["unsub@umbrella.example"]),
      alreadyContacted: new Set(["OLD@hooli.example"]),
    });
    expect(res.totalRows).toBe(7); // 8 lines, one blank
    expect(res.recipients.map((r) => [r.rowNumber, r.email])).toEqual([
      [2, "bob@acme.example"],
      [8, "frank@massive.example"],
    ]);
    expect(res.skipped.map((s) => [s.rowNumber, s.reason])).toEqual([
      [3, "invalid_email"],
      [4, "duplicate"],
      [6, "suppressed"],
      [7, "already_contacted"],
      [9, "invalid_email"],
    ]);
    expect(res.skipped[1].detail).toBe("duplicate of row 2");
    expect(res.skipped[0]).toMatchObject({ email: "carla@globex", detail: expect.stringContaining("top-level") });
    expect(res.skipped[4].detail).toBe("no email address");
    // every input row is accounted for
    expect(res.recipients.length + res.skipped.length).toBe(res.totalRows);
  });

  it("turns mapped and extra columns into placeholder fields", () => {
    const res = importRecipients(table, { mapping: suggestion.mapping as { email: string } });
    expect(res.columns).toEqual(["email", "company", "name", "role", "designation", "first_name", "ciudad", "fecha_de_ingreso"]);
    const frank = res.recipients.find((r) => r.email === "frank@massive.example")!;
    expect(frank.fields).toEqual({
      email: "frank@massive.example",
      company: "Massive",
      name: "Frank",
      role: "Dev",
      designation: "Lead",
      first_name: "Frank",
      ciudad: "Mérida, Yuc.",
      fecha_de_ingreso: "",
    });
    expect(res.recipients[0].fields.first_name).toBe("Bob");
    expect(res.columnKeys).toContainEqual({ header: "Fecha de ingreso", key: "fecha_de_ingreso" });
  });

  it("never lets a column shadow the unsubscribe link placeholder", () => {
    const t = parseRecipientCsv("email,Unsubscribe URL\na@x.example,https://evil.example/");
    const res = importRecipients(t, { mapping: { email: "email" } });
    expect(res.columns).toEqual(["email", "unsubscribe_url_2"]);
  });

  it("keeps already-contacted addresses when that option is off", () => {
    const res = importRecipients(table, {
      mapping: suggestion.mapping as { email: string },
      alreadyContacted: new Set(["old@hooli.example"]),
      skipAlreadyContacted: false,
    });
    expect(res.recipients.map((r) => r.email)).toContain("old@hooli.example");
  });

  it("names a mapped column that is not in the file", () => {
    expect(() => importRecipients(table, { mapping: { email: "E-mail" } })).toThrow(/email: column "E-mail" is not in the file/);
    expect(() => importRecipients(table, { mapping: { email: "Correo electrónico", company: "Compañía" } })).toThrow(RecipientImportError);
  });

  it("finds the email column by content when no header names it", () => {
    const s = suggestRecipientMapping(["Who", "Where", "Contacto directo"], [
      ["Ana", "CDMX", "ana@x.example"],
      ["Bo", "GDL", "bo@y.example"],
    ]);
    expect(s.mapping.email).toBe("Contacto directo");
    expect(s.how.email).toBe("content");
  });
});

describe("normalizeEmail", () => {
  it.each([
    ["  Ana.Lopez+cv@Example.COM ", "ana.lopez+cv@example.com"],
    ["mailto:x@y.example", "x@y.example"],
    ["Ana <ana@x.example>", "ana@x.example"],
    ["o'brien@x.example.", "o'brien@x.example"],
  ])("accepts %j", (input, out) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, email: out });
  });

  it.each([
    ["ana@", "invalid domain"],
    ["@x.com", "nothing before @"],
    ["ana.x.com", "missing @"],
    ["ana..b@x.com", "invalid characters or dots"],
    [".ana@x.com", "invalid characters or dots"],
    ["ana@-x.com", "invalid domain"],
    ["ana@x.c0m", "top-level"],
    ["ana b@x.com", "spaces"],
    ["a@x.com; b@y.com", "more than one address"],
    ["ana@x_y.com", "invalid domain"],
  ])("rejects %j", (input, reason) => {
    const r = normalizeEmail(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });
});

describe("recipient XLSX import", () => {
  it("reads an .xlsx with a title row above the header, hyperlinks, rich text and formulas", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Contacts");
    ws.getCell("A1").value = ""; // blank first row: header is found below it
    ws.addRow([]);
    ws.getRow(2).values = ["Company", "Email", "Name", "Years experience"];
    ws.getRow(3).values = ["Acme", { text: "bob@acme.example", hyperlink: "mailto:bob@acme.example" }, "Bob", 12];
    ws.getRow(4).values = [
      { richText: [{ text: "Glo" }, { font: { bold: true }, text: "bex" }] },
      "carla@globex.example",
      "Carla",
      { formula: "2*3", result: 6 },
    ];
    ws.getRow(5).values = ["Bad", "not an email", "Nobody", 1];
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const table = await readRecipientFile(buf, "contacts.xlsx");
    expect(table.sheetName).toBe("Contacts");
    expect(table.headers).toEqual(["Company", "Email", "Name", "Years experience"]);
    const res = importRecipients(table, { mapping: suggestRecipientMapping(table.headers).mapping as { email: string } });
    expect(res.recipients.map((r) => [r.rowNumber, r.email, r.company, r.fields.years_experience])).toEqual([
      [3, "bob@acme.example", "Acme", "12"],
      [4, "carla@globex.example", "Globex", "6"],
    ]);
    expect(res.skipped).toEqual([{ rowNumber: 5, email: "not an email", reason: "invalid_email", detail: "contains spaces" }]);
  });

  it("rejects legacy .xls and empty files with the file name in the message", async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expect(readRecipientFile(ole, "old.xls")).rejects.toThrow(/old\.xls: legacy Excel/);
    await expect(readRecipientFile(new Uint8Array(), "empty.csv")).rejects.toThrow(/empty\.csv: the file is empty/);
  });

  it("decodes Windows-1252 CSV exports and semicolon delimiters", async () => {
    const latin1 = Buffer.from("Nombre;Correo;Compañía\r\nJosé;jose@x.example;Peñoles\r\n", "latin1");
    const table = await readRecipientFile(latin1, "lista.csv");
    expect(table.headers).toEqual(["Nombre", "Correo", "Compañía"]);
    expect(table.rows[0].cells).toEqual(["José", "jose@x.example", "Peñoles"]);
    expect(table.warnings).toBeUndefined();
  });

  it("a UTF-8 list with rows pasted from a Windows-1252 file keeps every name right and warns which rows to check", async () => {
    const data = Buffer.concat([
      Buffer.from("Nombre,Correo\nJosé Núñez,jose@x.example\n", "utf8"),
      Buffer.from("Peña Gómez,pena@x.example\n", "latin1"),
      Buffer.from("Zoë Ibáñez,zoe@x.example\n", "utf8"),
    ]);
    const table = await readRecipientFile(data, "lista.csv");
    expect(table.rows.map((r) => r.cells[0])).toEqual(["José Núñez", "Peña Gómez", "Zoë Ibáñez"]);
    expect(table.warnings).toEqual([expect.stringMatching(/^lista\.csv mixes two text encodings: line 3 was saved as Windows-1252/)]);
  });
});

describe("large lists", () => {
  it("imports 10,000 rows with a few hundred duplicates, all accounted for", () => {
    const lines = ["email,name,company,notes"];
    for (let i = 0; i < 10_000; i++) {
      const n = i % 97 === 0 && i > 0 ? i - 1 : i; // every 97th row repeats the previous address
      lines.push(`user${n}@company${n % 50}.example,User ${n},Company ${n % 50},note ${i}`);
    }
    const table = parseRecipientCsv(lines.join("\n"));
    const res = importRecipients(table, { mapping: { email: "email", name: "name", company: "company" } });
    const dups = Math.floor(9_999 / 97);
    expect(res.skipped).toHaveLength(dups);
    expect(res.recipients).toHaveLength(10_000 - dups);
    expect(res.skipped.every((s) => s.reason === "duplicate")).toBe(true);
    expect(res.skipped[0]).toMatchObject({ rowNumber: 99, detail: "duplicate of row 98" });
  });

  it("says a damaged .xlsx list is not a readable workbook, naming the file", async () => {
    const damaged = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...Array<number>(60).fill(7)]);
    const read = readRecipientFile(damaged, "lista.xlsx");
    await expect(read).rejects.toThrow(RecipientImportError);
    await expect(read).rejects.toThrow(/^lista\.xlsx: not a readable \.xlsx workbook \(.+\)$/);
  });
});
