// The subset of Inngest's CEL expressions the embedded runner evaluates: field equality.
//   event.data.campaignId == async.data.campaignId && async.data.action == 'pause'
// Operands: `event.<path>`, `async.<path>`, string/number/boolean/null literals. Operators: ==, !=, &&.
// `event` is the run's triggering event (or the incoming event for trigger filters); `async` the incoming one.
// Anything else is rejected when the function is synced, never silently evaluated wrong.

export class UnsupportedExpressionError extends Error {
  override name = "UnsupportedExpressionError";
}

type Operand = { kind: "path"; root: "event" | "async"; path: string[] } | { kind: "literal"; value: unknown };
type Clause = { left: Operand; op: "==" | "!="; right: Operand };
export type Vars = { event?: unknown; async?: unknown };

const tokenRe = /\s*(?:(==|!=|&&)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  tokenRe.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    tokenRe.lastIndex = pos;
    const m = tokenRe.exec(src);
    if (!m) throw new UnsupportedExpressionError(`Unsupported expression "${src}" near "${src.slice(pos).trim()}"`);
    out.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
    pos = tokenRe.lastIndex;
  }
  return out;
}

function operand(token: string | undefined, src: string): Operand {
  if (token === undefined) throw new UnsupportedExpressionError(`Incomplete expression "${src}"`);
  if (token.startsWith("'") || token.startsWith('"')) {
    return { kind: "literal", value: token.slice(1, -1).replace(/\\(.)/g, "$1") };
  }
  if (/^-?\d/.test(token)) return { kind: "literal", value: Number(token) };
  if (token === "true" || token === "false") return { kind: "literal", value: token === "true" };
  if (token === "null") return { kind: "literal", value: null };
  const [root, ...path] = token.split(".");
  if ((root === "event" || root === "async") && path.length > 0) return { kind: "path", root, path };
  throw new UnsupportedExpressionError(
    `Unsupported operand "${token}" in "${src}": use event.<field>, async.<field> or a literal`,
  );
}

function lookup(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function resolve(o: Operand, vars: Vars): unknown {
  return o.kind === "literal" ? o.value : lookup(vars[o.root], o.path);
}

export interface CompiledExpression {
  source: string;
  /** True when the expression references `async` (the incoming event). */
  usesAsync: boolean;
  test(vars: Vars): boolean;
}

/** Compile a boolean filter; throws UnsupportedExpressionError for anything outside the subset. */
export function compileExpression(source: string): CompiledExpression {
  const tokens = tokenize(source);
  const clauses: Clause[] = [];
  let i = 0;
  while (i < tokens.length) {
    const left = operand(tokens[i], source);
    const op = tokens[i + 1];
    if (op !== "==" && op !== "!=") {
      throw new UnsupportedExpressionError(`Unsupported expression "${source}": expected == or != after "${tokens[i]}"`);
    }
    const right = operand(tokens[i + 2], source);
    clauses.push({ left, op, right });
    i += 3;
    if (i < tokens.length) {
      if (tokens[i] !== "&&") throw new UnsupportedExpressionError(`Unsupported expression "${source}": only && joins clauses`);
      i++;
      if (i >= tokens.length) throw new UnsupportedExpressionError(`Incomplete expression "${source}"`);
    }
  }
  if (clauses.length === 0) throw new UnsupportedExpressionError("Empty expression");
  const usesAsync = clauses.some((c) => [c.left, c.right].some((o) => o.kind === "path" && o.root === "async"));
  return {
    source,
    usesAsync,
    test(vars) {
      return clauses.every((c) => {
        const l = resolve(c.left, vars);
        const r = resolve(c.right, vars);
        // A missing field never matches (CEL would error): `undefined == undefined` must not cancel every run.
        const equal = l !== undefined && r !== undefined && JSON.stringify(l) === JSON.stringify(r);
        return c.op === "==" ? equal : l !== undefined && r !== undefined && !equal;
      });
    },
  };
}

/** A concurrency key: a single `event.<path>` (or a literal). Returns the key as a string. */
export function compileKey(source: string): (event: unknown) => string {
  const tokens = tokenize(source);
  if (tokens.length !== 1) {
    throw new UnsupportedExpressionError(`Unsupported key expression "${source}": use a single event.<field>`);
  }
  const o = operand(tokens[0], source);
  if (o.kind === "path" && o.root === "async") throw new UnsupportedExpressionError(`Key "${source}" cannot use async`);
  return (event) => {
    const v = o.kind === "literal" ? o.value : lookup(event, o.path);
    return v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v);
  };
}
