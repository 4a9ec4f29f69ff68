import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { mailboxFieldPaths, mailboxProblem } from "./mailbox-problem";

describe("the mailbox form's message after a test or a save", () => {
  it("names the field by its label, not its path, and says which control it concerns", () => {
    const p = mailboxProblem("save", false, "config.moveTo: Processed messages cannot be moved into the folder being polled.", "imap");
    expect(p).toEqual({ from: "save", ok: false, fieldId: "mb-move", text: "Move to folder: Processed messages cannot be moved into the folder being polled." });
  });

  it("several problems: each named, the first one's control marked", () => {
    const p = mailboxProblem("test", false, "config.host: Host is required.; config.user: User is required.", "imap");
    expect(p.text).toBe("Server (host): Host is required.; User: User is required.");
    expect(p.fieldId).toBe("mb-host");
  });

  it("a message about no field (the server refused to connect) is kept as it is", () => {
    const message = 'Docket does not connect to private, loopback or link-local addresses: the IMAP server "10.0.0.5" is one.';
    expect(mailboxProblem("test", false, message, "imap")).toEqual({ from: "test", ok: false, fieldId: null, text: message });
    expect(mailboxProblem("test", true, 'Folder "INBOX" holds 2 messages.', "imap").text).toBe('Folder "INBOX" holds 2 messages.');
  });

  it("a folder problem marks the folder field of the form in use: the Microsoft Graph form's is not the IMAP form's", () => {
    const message = "config.folder: Folder is too long (at most 200 characters).";
    expect(mailboxProblem("save", false, message, "graph")).toEqual({ from: "save", ok: false, fieldId: "mb-gfolder", text: "Folder: Folder is too long (at most 200 characters)." });
    expect(mailboxProblem("save", false, message, "imap").fieldId).toBe("mb-folder");
    // the fields both forms have keep one control each
    expect(mailboxProblem("test", false, "secret: Enter the client secret.", "graph").fieldId).toBe("mb-secret");
  });

  it("every control a refusal can mark is on the form, for both kinds", () => {
    const form = readFileSync(fileURLToPath(new URL("./mailbox-form.tsx", import.meta.url)), "utf8");
    const ids = new Set([...form.matchAll(/\bid="([\w-]+)"/g)].map((m) => m[1]));
    for (const kind of ["imap", "graph"] as const) {
      for (const field of mailboxFieldPaths(kind)) {
        const id = mailboxProblem("save", false, `${field}: wrong.`, kind).fieldId;
        expect(id, `${kind} ${field}`).not.toBeNull();
        expect(ids.has(id!), `${kind} ${field} → #${id}`).toBe(true);
      }
    }
  });
});
