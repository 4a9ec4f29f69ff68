// pdf.js's legacy build (the one that runs in Node) bundles core-js and, when it loads, replaces built-ins that exist
// in Node with JavaScript versions for spec corners nobody here needs: JSON.parse (the "parse with source" proposal:
// every call with a reviver — which React uses for every server-rendered page — goes through a parser written in JS)
// and Array.prototype.push among them. Loaded into the server process for extraction, that made every page slower.
// Loading it through keepNativeBuiltins puts the engine's own versions back; what the build adds that Node lacks
// (Promise.withResolvers, Map.groupBy, …) stays, since pdf.js uses it.

/** The built-in objects core-js patches (statics and prototypes). */
function builtinObjects(): object[] {
  const typed = Object.getPrototypeOf(Uint8Array) as object;
  return [
    globalThis, JSON, Math, Reflect, Object, Object.prototype, Function.prototype, Array, Array.prototype,
    String, String.prototype, Number, Number.prototype, Boolean.prototype, Symbol, Symbol.prototype, RegExp.prototype,
    Date, Date.prototype, Promise, Promise.prototype, Map, Map.prototype, Set, Set.prototype, WeakMap.prototype,
    WeakSet.prototype, Error, Error.prototype, ArrayBuffer, ArrayBuffer.prototype, DataView.prototype, typed,
    (typed as { prototype: object }).prototype, Uint8Array, Uint8Array.prototype, URL, URL.prototype,
    URLSearchParams.prototype,
  ];
}

type Snapshot = Map<object, Map<PropertyKey, PropertyDescriptor>>;

function snapshot(): Snapshot {
  const s: Snapshot = new Map();
  for (const o of builtinObjects()) {
    const props = new Map<PropertyKey, PropertyDescriptor>();
    for (const key of Reflect.ownKeys(o)) props.set(key, Object.getOwnPropertyDescriptor(o, key)!);
    s.set(o, props);
  }
  return s;
}

const same = (a: PropertyDescriptor, b: PropertyDescriptor) => a.value === b.value && a.get === b.get && a.set === b.set;

/** Put back every property of `before` that has been replaced since; returns the names restored. */
function restore(before: Snapshot): string[] {
  const restored: string[] = [];
  for (const [o, props] of before) {
    for (const [key, was] of props) {
      const now = Object.getOwnPropertyDescriptor(o, key);
      if (!now || same(now, was)) continue;
      if (!now.configurable) continue;
      Object.defineProperty(o, key, was);
      restored.push(String(key));
    }
  }
  return restored;
}

/** Run `load` (an import that installs polyfills) and restore the engine's own built-ins it replaced. */
export async function keepNativeBuiltins<T>(load: () => Promise<T>): Promise<T> {
  const before = snapshot();
  try {
    return await load();
  } finally {
    restore(before);
  }
}
