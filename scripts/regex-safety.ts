import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { transformSync } from "esbuild";
import { type ESLint, Linter, type Rule, type Scope } from "eslint";
import regexp from "eslint-plugin-regexp";

/**
 * The regular-expression check of `npm run lint`: every regex in `src/` is analysed by
 * eslint-plugin-regexp (scslre underneath) for super-linear backtracking and moves, with no
 * exceptions list. TypeScript 7 has no JS compiler API, so typescript-eslint cannot parse our
 * code: esbuild strips the types and ESLint's default parser reads the JavaScript, whose
 * positions the source map takes back to the .ts file.
 */

/** The rules, all errors. Exported so the test proves the same set finds a known bad pattern. */
export const REGEX_RULES = {
  "regexp/no-super-linear-backtracking": ["error", { report: "potential" }],
  "regexp/no-super-linear-move": ["error", { report: "potential", ignorePartial: false }],
  "regexp/no-dupe-disjunctions": ["error", { report: "interesting" }],
  "resumate/static-regexp": "error",
} as const satisfies Linter.RulesRecord;

/**
 * A pattern built at run time (`new RegExp(someParameter)`) is invisible to the analyser, so it
 * is refused: a pattern must be a literal, or be built only from constants (string literals,
 * templates of `const` strings, `.source` of a `const` regex literal) that the plugin resolves.
 */
const staticRegexp: Rule.RuleModule = {
  meta: {
    type: "problem",
    messages: {
      dynamic:
        "RegExp pattern built at run time: the super-linear check cannot see it. Build it from constants (or use a regex literal).",
    },
    schema: [],
  },
  create(context) {
    const check = (node: Rule.Node & { callee: unknown; arguments: unknown[] }) => {
      const callee = node.callee as { type: string; name?: string };
      if (callee.type !== "Identifier" || callee.name !== "RegExp") return;
      const pattern = node.arguments[0] as Rule.Node | undefined;
      if (pattern && !isConstant(context, pattern, 0))
        context.report({ node, messageId: "dynamic" });
    };
    return { NewExpression: check, CallExpression: check } as Rule.RuleListener;
  },
};

type Node = Rule.Node;

/** Whether `node` is a value the plugin resolves statically (a subset of what it resolves). */
function isConstant(context: Rule.RuleContext, node: Node, depth: number): boolean {
  if (depth > 20) return false;
  switch (node.type) {
    case "Literal":
      return true;
    case "TemplateLiteral":
      return node.expressions.every((e) => isConstant(context, e as Node, depth + 1));
    case "BinaryExpression":
      return (
        node.operator === "+" &&
        isConstant(context, node.left as Node, depth + 1) &&
        isConstant(context, node.right as Node, depth + 1)
      );
    case "MemberExpression": {
      const p = node.property;
      const named = !node.computed && p.type === "Identifier" && p.name === "source";
      return named && isConstant(context, node.object as Node, depth + 1);
    }
    case "Identifier": {
      const init = constInit(context, node);
      return init !== undefined && isConstant(context, init, depth + 1);
    }
    default:
      return false;
  }
}

/** The initialiser of the single `const` declaration an identifier refers to. */
function constInit(context: Rule.RuleContext, id: Node & { name: string }): Node | undefined {
  let scope: Scope.Scope | null = context.sourceCode.getScope(id);
  while (scope) {
    const variable = scope.set.get(id.name);
    if (variable) {
      const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
      const decl = def?.parent as { kind?: string } | undefined | null;
      const init = def?.node.type === "VariableDeclarator" ? def.node.init : undefined;
      return decl?.kind === "const" && init ? (init as Node) : undefined;
    }
    scope = scope.upper;
  }
  return undefined;
}

const CONFIG: Linter.Config[] = [
  {
    files: ["**/*.js"],
    plugins: {
      regexp: regexp as unknown as ESLint.Plugin,
      resumate: { rules: { "static-regexp": staticRegexp } },
    },
    languageOptions: { ecmaVersion: "latest", sourceType: "module" },
    // No exceptions inline either (esbuild drops ordinary comments already; this holds for any).
    linterOptions: { reportUnusedDisableDirectives: "off", noInlineConfig: true },
    rules: REGEX_RULES,
  },
];

export interface RegexFinding {
  file: string;
  line: number;
  /** The source line holding the pattern, trimmed. */
  text: string;
  rule: string;
  message: string;
}

const linter = new Linter({ configType: "flat" });

/** The findings in one TypeScript source (`file` names it in the report). */
export function lintRegexSource(source: string, file: string): RegexFinding[] {
  const out = transformSync(source, {
    loader: file.endsWith(".tsx") ? "tsx" : "ts",
    format: "esm",
    target: "esnext",
    sourcemap: "external",
    sourcefile: file,
  });
  const lines = decodeMappings(JSON.parse(out.map).mappings);
  const src = source.split("\n");
  return linter.verify(out.code, CONFIG, { filename: "file.js" }).map((m) => {
    const line = m.line ? sourceLine(lines, m.line - 1, (m.column ?? 1) - 1) + 1 : 0;
    const text = (src[line - 1] ?? "").trim();
    return { file, line, text, rule: m.ruleId ?? "parse", message: m.message };
  });
}

/** The findings for one regular expression built at run time (checked as if it were a literal). */
export function lintRegExp(re: RegExp): RegexFinding[] {
  return lintRegexSource(`export const re = /${re.source}/${re.flags};\n`, `RegExp ${re}`);
}

/** Every .ts file under `dir`, linted; `root` makes the reported paths relative. */
export function lintRegexTree(dir: string, root: string): RegexFinding[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith(".d.ts"))
    .sort();
  return files.flatMap((f) => {
    const path = join(dir, f);
    return lintRegexSource(readFileSync(path, "utf8"), relative(root, path));
  });
}

// --- source maps: just enough of the VLQ format to map a generated position to a source line.

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Per generated line, its segments as [generated column, source line]. */
function decodeMappings(mappings: string): Array<Array<[number, number]>> {
  let srcLine = 0;
  return mappings.split(";").map((line) => {
    let column = 0;
    return line
      .split(",")
      .filter(Boolean)
      .map((segment): [number, number] => {
        const [columnDelta = 0, , lineDelta = 0] = vlq(segment);
        column += columnDelta;
        srcLine += lineDelta;
        return [column, srcLine];
      });
  });
}

function vlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64.indexOf(ch);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

function sourceLine(lines: Array<Array<[number, number]>>, line: number, column: number): number {
  for (let l = line; l >= 0; l--) {
    const segments = (lines[l] ?? []).filter(([c]) => l < line || c <= column);
    const last = segments[segments.length - 1];
    if (last) return last[1];
  }
  return 0;
}
