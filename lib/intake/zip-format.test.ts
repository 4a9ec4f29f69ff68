import { describe, expect, it } from "vitest";
import { crc32, crc32Js } from "./zip-format";

describe("crc32", () => {
  it("matches the reference value and the native implementation", () => {
    const data = new TextEncoder().encode("123456789");
    expect(crc32Js(data)).toBe(0xcbf43926);
    expect(crc32(data)).toBe(0xcbf43926);
    const random = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7919 + 13) & 0xff);
    expect(crc32(random)).toBe(crc32Js(random));
    expect(crc32(random.subarray(5000), crc32(random.subarray(0, 5000)))).toBe(crc32Js(random));
  });
});
