// A small evaluator for the subset of CEL that Inngest functions use in trigger `if`s and
// idempotency keys: paths (`event.data.id`, `event.data["a-b"]`), string/number/bool/null
// literals, `== != < <= > >=`, `&& || !`, `+ -` and parentheses. Anything else is refused when
// the function is registered, never silently mis-evaluated at run time.

export class ExpressionError extends Error {
  constructor(
    readonly expression: string,
    reason: string,
  ) {
    super(`Unsupported expression ${JSON.stringify(expression)}: ${reason}`);
    this.name = "ExpressionError";
  }
}

type Node =
  | { kind: "literal"; value: unknown }
  | { kind: "path"; root: string; keys: string[] }
  | { kind: "unary"; op: "!" | "-"; operand: Node }
  | { kind: "binary"; op: BinaryOp; left: Node; right: Node };

type BinaryOp = "||" | "&&" | "==" | "!=" | "<" | "<=" | ">" | ">=" | "+" | "-";

type Token = { type: "number"; value: number } | { type: "string"; value: string } | { type: "ident"; value: string } | { type: "punct"; value: string };

const PUNCTUATION = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "!", "+", "-", "(", ")", ".", "[", "]"];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (/\s/.test(char)) {
      i++;
    } else if (/\d/.test(char)) {
      const match = /^\d+(\.\d+)?/.exec(source.slice(i))!;
      tokens.push({ type: "number", value: Number(match[0]) });
      i += match[0].length;
    } else if (char === "'" || char === '"') {
      let value = "";
      let j = i + 1;
      while (j < source.length && source[j] !== char) {
        if (source[j] === "\\" && j + 1 < source.length) j++;
        value += source[j];
        j++;
      }
      if (j >= source.length) throw new ExpressionError(source, "unterminated string");
      tokens.push({ type: "string", value });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(char)) {
      const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))!;
      tokens.push({ type: "ident", value: match[0] });
      i += match[0].length;
    } else {
      const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
      if (!punct) throw new ExpressionError(source, `unexpected character ${JSON.stringify(char)}`);
      tokens.push({ type: "punct", value: punct });
      i += punct.length;
    }
  }
  return tokens;
}

const PRECEDENCE: BinaryOp[][] = [["||"], ["&&"], ["==", "!="], ["<", "<=", ">", ">="], ["+", "-"]];

class Parser {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly roots: readonly string[],
  ) {}

  parse(): Node {
    const node = this.binary(0);
    if (this.position < this.tokens.length) this.fail(`unexpected ${JSON.stringify(this.peek()?.value)}`);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private fail(reason: string): never {
    throw new ExpressionError(this.source, reason);
  }

  private takePunct(value: string): boolean {
    const token = this.peek();
    if (token?.type === "punct" && token.value === value) {
      this.position++;
      return true;
    }
    return false;
  }

  private binary(level: number): Node {
    if (level === PRECEDENCE.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const op = PRECEDENCE[level].find((candidate) => this.takePunct(candidate));
      if (!op) return left;
      left = { kind: "binary", op, left, right: this.binary(level + 1) };
    }
  }

  private unary(): Node {
    if (this.takePunct("!")) return { kind: "unary", op: "!", operand: this.unary() };
    if (this.takePunct("-")) return { kind: "unary", op: "-", operand: this.unary() };
    return this.primary();
  }

  private primary(): Node {
    const token = this.tokens[this.position++];
    if (!token) this.fail("unexpected end");
    if (token.type === "number" || token.type === "string") return { kind: "literal", value: token.value };
    if (token.type === "punct" && token.value === "(") {
      const inner = this.binary(0);
      if (!this.takePunct(")")) this.fail("missing )");
      return inner;
    }
    if (token.type === "ident") {
      if (token.value === "true" || token.value === "false") return { kind: "literal", value: token.value === "true" };
      if (token.value === "null") return { kind: "literal", value: null };
      if (!this.roots.includes(token.value)) this.fail(`unknown name ${JSON.stringify(token.value)} (expected ${this.roots.join(" or ")})`);
      return this.path(token.value);
    }
    this.fail(`unexpected ${JSON.stringify(token.value)}`);
  }

  private path(root: string): Node {
    const keys: string[] = [];
    for (;;) {
      if (this.takePunct(".")) {
        const key = this.tokens[this.position++];
        if (key?.type !== "ident") this.fail("expected a field name after '.'");
        if (this.peek()?.type === "punct" && this.peek()?.value === "(") this.fail(`function calls such as ${key.value}() are not supported`);
        keys.push(key.value);
      } else if (this.takePunct("[")) {
        const key = this.tokens[this.position++];
        if (key?.type !== "string" && key?.type !== "number") this.fail("expected a string or number index");
        keys.push(String(key.value));
        if (!this.takePunct("]")) this.fail("missing ]");
      } else {
        return { kind: "path", root, keys };
      }
    }
  }
}

function lookup(vars: Record<string, unknown>, root: string, keys: string[]): unknown {
  let current: unknown = vars[root];
  for (const key of keys) {
    if (current === null || typeof current !== "object") return null;
    current = (current as Record<string, unknown>)[key];
  }
  return current === undefined ? null : current;
}

function compare(op: "<" | "<=" | ">" | ">=", left: unknown, right: unknown): boolean {
  const comparable = (typeof left === "number" && typeof right === "number") || (typeof left === "string" && typeof right === "string");
  if (!comparable) return false;
  const [a, b] = [left as number | string, right as number | string];
  return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
}

function evaluate(node: Node, vars: Record<string, unknown>): unknown {
  switch (node.kind) {
    case "literal":
      return node.value;
    case "path":
      return lookup(vars, node.root, node.keys);
    case "unary": {
      const value = evaluate(node.operand, vars);
      return node.op === "!" ? value !== true : typeof value === "number" ? -value : null;
    }
    case "binary": {
      if (node.op === "&&") return evaluate(node.left, vars) === true && evaluate(node.right, vars) === true;
      if (node.op === "||") return evaluate(node.left, vars) === true || evaluate(node.right, vars) === true;
      const left = evaluate(node.left, vars);
      const right = evaluate(node.right, vars);
      switch (node.op) {
        case "==":
          return left === right;
        case "!=":
          return left !== right;
        case "+":
          if (typeof left === "number" && typeof right === "number") return left + right;
          if (typeof left === "string" && typeof right === "string") return left + right;
          return null;
        case "-":
          return typeof left === "number" && typeof right === "number" ? left - right : null;
        default:
          return compare(node.op, left, right);
      }
    }
  }
}

export type CompiledExpression = (vars: Record<string, unknown>) => unknown;

/** Parses `source` once; throws ExpressionError for anything outside the supported subset. */
export function compileExpression(source: string, roots: readonly string[] = ["event"]): CompiledExpression {
  const tree = new Parser(source, tokenize(source), roots).parse();
  return (vars) => evaluate(tree, vars);
}
