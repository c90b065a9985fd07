import { dirname } from "node:path";
import ts from "typescript";
import { BuildError } from "./build-error.ts";

/** The compiler options near-sdk-js type-checks contracts with; a tsconfig.json beside the contracts adds to them. */
const SDK_COMPILER_OPTIONS: ts.CompilerOptions = {
  skipLibCheck: true,
  experimentalDecorators: true,
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ES2020,
  moduleResolution: ts.ModuleResolutionKind.Node10,
};

function compilerOptionsFor(entry: string): ts.CompilerOptions {
  const configPath = ts.findConfigFile(dirname(entry), ts.sys.fileExists);
  if (!configPath) return { ...SDK_COMPILER_OPTIONS, noEmit: true };
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error) throw new BuildError("type checking", formatDiagnostic(config.error), configPath);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  if (parsed.errors.length > 0) {
    throw new BuildError("type checking", parsed.errors.map(formatDiagnostic).join("\n"), configPath);
  }
  return { ...SDK_COMPILER_OPTIONS, ...parsed.options, noEmit: true };
}

function formatDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1} - ${message}`;
}

function hasNearBindgen(node: ts.ClassDeclaration): boolean {
  return (ts.getDecorators(node) ?? []).some((decorator) => {
    const expression = ts.isCallExpression(decorator.expression)
      ? decorator.expression.expression
      : decorator.expression;
    return ts.isIdentifier(expression) && expression.text === "NearBindgen";
  });
}

/**
 * near-sdk-js restores contract state onto a fresh instance, so every field of
 * a @NearBindgen class needs an initializer or an assignment in the
 * constructor; otherwise it is silently missing after deserialization.
 */
function uninitializedFields(node: ts.ClassDeclaration): string[] {
  const constructorText = node.members.find(ts.isConstructorDeclaration)?.getText() ?? "";
  return node.members
    .filter(ts.isPropertyDeclaration)
    .filter(
      (property) =>
        !property.initializer && !ts.getModifiers(property)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword),
    )
    .map((property) => property.name.getText())
    .filter((name) => !constructorText.includes(`this.${name}`));
}

/** JavaScript entries, which near-sdk-js builds without type checking (its `tsc --noEmit` step is for .ts only). */
function isJavaScript(entry: string): boolean {
  return /\.(js|mjs)$/.test(entry);
}

/** A JavaScript entry parsed without a program: enough to find its @NearBindgen classes. */
function parseJavaScript(entry: string): ts.SourceFile | undefined {
  const text = ts.sys.readFile(entry);
  return text === undefined
    ? undefined
    : ts.createSourceFile(entry, text, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
}

/**
 * Type-checks the TypeScript entry files together (one program, so shared
 * modules are checked once) and validates the @NearBindgen classes of every
 * entry, JavaScript ones included. Throws one BuildError listing every
 * problem of the first failing entry.
 */
export function typecheckContracts(entries: readonly string[]): void {
  const typescriptEntries = entries.filter((entry) => !isJavaScript(entry));
  const program =
    typescriptEntries.length > 0
      ? ts.createProgram(typescriptEntries, compilerOptionsFor(typescriptEntries[0]))
      : undefined;
  const problems = new Map<string, string[]>();
  const add = (entry: string, line: string) => problems.set(entry, [...(problems.get(entry) ?? []), line]);
  for (const diagnostic of program ? ts.getPreEmitDiagnostics(program) : []) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
    add(diagnostic.file?.fileName ?? typescriptEntries[0], formatDiagnostic(diagnostic));
  }
  for (const entry of entries) {
    const source = isJavaScript(entry) ? parseJavaScript(entry) : program?.getSourceFile(entry);
    if (!source) {
      add(entry, `cannot read ${entry}`);
      continue;
    }
    const classes = source.statements.filter(ts.isClassDeclaration).filter(hasNearBindgen);
    if (classes.length === 0) add(entry, `${entry} has no @NearBindgen class`);
    for (const node of classes) {
      const missing = uninitializedFields(node);
      if (missing.length > 0) {
        add(
          entry,
          `${node.name?.text ?? "class"}: fields ${missing.join(", ")} need an initializer or an assignment in the constructor`,
        );
      }
    }
  }
  for (const [file, lines] of problems) {
    throw new BuildError("type checking", lines.join("\n"), file);
  }
}
