import { describe, expect, it } from "vitest";
import { mailboxProblem } from "./mailbox-problem";

describe("the mailbox form's message after a test or a save", () => {
  it("names the field by its label, not its path, and says which control it concerns", () => {
    const p = mailboxProblem("save", false, "config.moveTo: Processed messages cannot be moved into the folder being polled.");
    expect(p).toEqual({ from: "save", ok: false, fieldId: "mb-move", text: "Move to folder: Processed messages cannot be moved into the folder being polled." });
  });

  it("several problems: each named, the first one's control marked", () => {
    const p = mailboxProblem("test", false, "config.host: Host is required.; config.user: User is required.");
    expect(p.text).toBe("Server (host): Host is required.; User: User is required.");
    expect(p.fieldId).toBe("mb-host");
  });

  it("a message about no field (the server refused to connect) is kept as it is", () => {
    const message = 'Docket does not connect to private, loopback or link-local addresses: the IMAP server "10.0.0.5" is one.';
    expect(mailboxProblem("test", false, message)).toEqual({ from: "test", ok: false, fieldId: null, text: message });
    expect(mailboxProblem("test", true, 'Folder "INBOX" holds 2 messages.').text).toBe('Folder "INBOX" holds 2 messages.');
  });
});
