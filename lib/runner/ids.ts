import crypto from "node:crypto";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32, as ULID

/** A ULID: 48-bit time + 80 random bits, lexicographically sortable by creation time. */
export function newId(nowMs: number = Date.now()): string {
  let time = "";
  let t = Math.floor(nowMs);
  for (let i = 0; i < 10; i++) {
    time = alphabet[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = crypto.randomBytes(16);
  let rand = "";
  for (let i = 0; i < 16; i++) rand += alphabet[bytes[i]! % 32];
  return time + rand;
}

/** sha1 hex of a step id: the key the SDK uses for memoized step state. */
export function hashStepId(id: string): string {
  return crypto.createHash("sha1").update(id).digest("hex");
}
