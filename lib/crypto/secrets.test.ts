import { describe, expect, it } from "vitest";
import { SecretDecryptionError, createSecretBox, decryptSecret, encryptSecret } from "./secrets";

const MASTER = "test-master-secret-0123456789abcdef-0123456789";
const OTHER = "another-master-secret-fedcba9876543210-xyzxyz";

function flipChar(s: string, index: number): string {
  const c = s[index];
  return s.slice(0, index) + (c === "A" ? "B" : "A") + s.slice(index + 1);
}

describe("secrets", () => {
  const box = createSecretBox({ masterSecret: MASTER });

  it("round-trips and produces the versioned v1:iv:tag:data base64url format", () => {
    const c = box.encrypt("imap-päss✓word");
    expect(c).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(c).not.toContain("imap");
    expect(box.decrypt(c)).toBe("imap-päss✓word");
    expect(decryptSecret(encryptSecret("x", MASTER), MASTER)).toBe("x");
  });

  it("uses a fresh IV each time", () => {
    expect(box.encrypt("same")).not.toBe(box.encrypt("same"));
  });

  it("round-trips the empty string", () => {
    expect(box.decrypt(box.encrypt(""))).toBe("");
  });

  it("rejects tampered data, tag and IV", () => {
    const c = box.encrypt("client-secret-value");
    const [v, iv, tag, data] = c.split(":");
    for (const bad of [
      [v, iv, tag, flipChar(data, 0)].join(":"),
      [v, iv, flipChar(tag, 3), data].join(":"),
      [v, flipChar(iv, 5), tag, data].join(":"),
      [v, iv, tag, data + "AA"].join(":"),
    ]) {
      expect(() => box.decrypt(bad)).toThrow(SecretDecryptionError);
    }
  });

  it("rejects malformed input and unknown versions with a clear message", () => {
    expect(() => box.decrypt("plaintext-password")).toThrow("not in the expected v1:iv:tag:data format");
    const c = box.encrypt("x");
    expect(() => box.decrypt(c.replace(/^v1:/, "v2:"))).toThrow('unknown format version "v2"');
    expect(() => box.decrypt(c.replace(/^v1:[^:]+/, "v1:AAAA"))).toThrow("bad IV or tag length");
  });

  it("does not decrypt with another master secret", () => {
    const c = box.encrypt("secret");
    expect(() => createSecretBox({ masterSecret: OTHER }).decrypt(c)).toThrow(SecretDecryptionError);
  });

  it("binds the context, so a ciphertext moved to another field does not decrypt", () => {
    const c = box.encrypt("hunter2", "mailbox:1:password");
    expect(box.decrypt(c, "mailbox:1:password")).toBe("hunter2");
    expect(() => box.decrypt(c, "mailbox:2:password")).toThrow(SecretDecryptionError);
    expect(() => box.decrypt(c)).toThrow(SecretDecryptionError);
  });

  it("decrypts with previous secrets during rotation and says which values need re-encrypting", () => {
    const old = createSecretBox({ masterSecret: OTHER }).encrypt("legacy", "ctx");
    const rotated = createSecretBox({ masterSecret: MASTER, previousSecrets: [OTHER] });
    expect(rotated.decrypt(old, "ctx")).toBe("legacy");
    expect(rotated.needsRotation(old, "ctx")).toBe(true);
    expect(rotated.needsRotation(rotated.encrypt("new", "ctx"), "ctx")).toBe(false);
  });

  it("refuses a master secret that is too short", () => {
    expect(() => createSecretBox({ masterSecret: "short" })).toThrow(/too short \(5 bytes\); use at least 32/);
  });
});
