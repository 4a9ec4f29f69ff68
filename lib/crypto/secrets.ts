import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * Secrets at rest (mailbox passwords, client secrets, OAuth refresh tokens): AES-256-GCM with a key
 * derived by HKDF-SHA256 from a master secret the caller passes in (the app reads it from its env in
 * one place). Ciphertext format, all parts base64url:
 *
 *   v1:<iv 12 bytes>:<tag 16 bytes>:<data>
 *
 * An optional `context` (e.g. "mailbox:42:password") is bound as associated data, so a ciphertext
 * copied into another row or field does not decrypt. Older master secrets can be listed for rotation:
 * decrypt tries them after the current one; encrypt always uses the current one.
 */

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretDecryptionError";
  }
}

export interface SecretBoxOptions {
  /** The current master secret: at least 32 characters (or bytes) of high-entropy material. */
  masterSecret: string | Uint8Array;
  /** Earlier master secrets still accepted for decryption during a key rotation. */
  previousSecrets?: (string | Uint8Array)[];
}

export interface SecretBox {
  encrypt(plaintext: string, context?: string): string;
  decrypt(ciphertext: string, context?: string): string;
  /** True when the ciphertext was made with a previous master secret and should be re-encrypted. */
  needsRotation(ciphertext: string, context?: string): boolean;
}

const VERSION = "v1";
const SALT = Buffer.from("docket/secrets", "utf8");
const INFO = Buffer.from("docket/secrets/v1/aes-256-gcm", "utf8");
const MIN_SECRET_BYTES = 32;

function deriveKey(master: string | Uint8Array): Buffer {
  const material = typeof master === "string" ? Buffer.from(master, "utf8") : Buffer.from(master);
  if (material.length < MIN_SECRET_BYTES) {
    throw new Error(
      `The master secret for encrypting secrets is too short (${material.length} bytes); use at least ${MIN_SECRET_BYTES}, e.g. \`openssl rand -base64 32\``,
    );
  }
  return Buffer.from(hkdfSync("sha256", material, SALT, INFO, 32));
}

export function createSecretBox(options: SecretBoxOptions): SecretBox {
  const current = deriveKey(options.masterSecret);
  const keys = [current, ...(options.previousSecrets ?? []).map(deriveKey)];

  const open = (ciphertext: string, context: string | undefined): { plaintext: string; keyIndex: number } => {
    const parts = typeof ciphertext === "string" ? ciphertext.split(":") : [];
    if (parts.length !== 4) throw new SecretDecryptionError("The stored secret is not in the expected v1:iv:tag:data format");
    const [version, ivPart, tagPart, dataPart] = parts;
    if (version !== VERSION) throw new SecretDecryptionError(`The stored secret uses an unknown format version "${version}"`);
    const iv = Buffer.from(ivPart, "base64url");
    const tag = Buffer.from(tagPart, "base64url");
    const data = Buffer.from(dataPart, "base64url");
    if (iv.length !== 12 || tag.length !== 16) throw new SecretDecryptionError("The stored secret is damaged (bad IV or tag length)");
    for (let i = 0; i < keys.length; i++) {
      try {
        const decipher = createDecipheriv("aes-256-gcm", keys[i], iv);
        decipher.setAuthTag(tag);
        if (context !== undefined) decipher.setAAD(Buffer.from(context, "utf8"));
        const plaintext = Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
        return { plaintext, keyIndex: i };
      } catch {
        // wrong key, tampered data or wrong context: try the next key
      }
    }
    throw new SecretDecryptionError(
      "The stored secret could not be decrypted: it was altered, belongs to another field, or was encrypted with a different master secret",
    );
  };

  return {
    encrypt(plaintext: string, context?: string): string {
      if (typeof plaintext !== "string") throw new TypeError("Only strings can be encrypted as secrets");
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", current, iv);
      if (context !== undefined) cipher.setAAD(Buffer.from(context, "utf8"));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString("base64url"), tag.toString("base64url"), data.toString("base64url")].join(":");
    },
    decrypt(ciphertext: string, context?: string): string {
      return open(ciphertext, context).plaintext;
    },
    needsRotation(ciphertext: string, context?: string): boolean {
      return open(ciphertext, context).keyIndex !== 0;
    },
  };
}

/** One-shot helpers for callers that encrypt a single value. */
export function encryptSecret(plaintext: string, masterSecret: string | Uint8Array, context?: string): string {
  return createSecretBox({ masterSecret }).encrypt(plaintext, context);
}

export function decryptSecret(ciphertext: string, masterSecret: string | Uint8Array, context?: string): string {
  return createSecretBox({ masterSecret }).decrypt(ciphertext, context);
}
