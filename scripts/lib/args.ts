/**
 * Strict command lines for the scripts: one option table per command drives
 * both the parser (node:util parseArgs, strict) and the `--help` text, so the
 * two cannot disagree.
 *
 * Invariant: an argument the table does not name is an error, never a value
 * or a silently ignored word. Before this, an unknown `--dryrun` swallowed
 * the next argument as its value and a typo turned a dry run into a deploy.
 * Callers turn a UsageError into exit code 2 before doing anything (see
 * cli.ts runCommand).
 */
import { parseArgs } from "node:util";

/** Exit code of a command line that does not parse (nothing was done). */
export const EXIT_USAGE = 2;

interface OptionBase {
  description: string;
  short?: string;
}

export interface FlagOption extends OptionBase {
  type: "boolean";
}

export interface StringOption extends OptionBase {
  type: "string";
  /** The value's name in the help text (`--rpc-url URL`). */
  valueName: string;
  default?: string;
  /** Must be given (no default can stand in for it). */
  required?: boolean;
  /** The only accepted values, when the set is closed. */
  choices?: readonly string[];
}

export interface IntegerOption extends OptionBase {
  type: "integer";
  valueName: string;
  default?: number;
  min?: number;
  max?: number;
}

export type OptionSpec = FlagOption | StringOption | IntegerOption;

export interface CommandSpec<Options extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** How the command is typed, before its options (`npm run deploy --`). */
  usage: string;
  summary: string;
  options: Options;
}

type ValueOf<Option extends OptionSpec> = Option extends { type: "boolean" }
  ? boolean
  : Option extends { type: "string"; default: string }
    ? string
    : Option extends { type: "string"; required: true }
      ? string
      : Option extends { type: "string" }
        ? string | undefined
        : Option extends { type: "integer"; default: number }
          ? number
          : number | undefined;

export type CommandValues<Spec extends CommandSpec> = {
  [Name in keyof Spec["options"]]: ValueOf<Spec["options"][Name]>;
};

export type ParsedCommandLine<Spec extends CommandSpec> =
  | { help: true; text: string }
  | { help: false; values: CommandValues<Spec> };

/** A command line that does not parse; its message names the offending argument. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

const HELP_OPTION: FlagOption = { type: "boolean", short: "h", description: "print this help and exit" };

/** Parses `argv` against the command's table; `--help` anywhere wins over everything else. */
export function parseCommandLine<Spec extends CommandSpec>(
  spec: Spec,
  argv: readonly string[],
): ParsedCommandLine<Spec> {
  const table: Record<string, OptionSpec> = { ...spec.options, help: HELP_OPTION };
  const nodeOptions: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const [name, option] of Object.entries(table)) {
    nodeOptions[name] = { type: option.type === "boolean" ? "boolean" : "string" };
    if (option.short) nodeOptions[name].short = option.short;
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: nodeOptions, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError(usageMessage(error, argv, table), helpText(spec));
  }
  if (parsed.values.help === true) return { help: true, text: helpText(spec) };

  const values: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    const raw = parsed.values[name];
    values[name] = convert(name, option, raw, spec);
  }
  return { help: false, values: values as CommandValues<Spec> };
}

function convert(name: string, option: OptionSpec, raw: unknown, spec: CommandSpec): unknown {
  if (option.type === "boolean") return raw === true;
  if (raw === undefined && option.type === "string" && option.required) {
    const choices = option.choices ? ` (one of ${option.choices.join(", ")})` : "";
    throw new UsageError(`--${name} is required${choices}`, helpText(spec));
  }
  if (raw === undefined) return option.default;
  const text = String(raw);
  if (option.type === "string") {
    if (option.choices && !option.choices.includes(text))
      throw new UsageError(`--${name} must be one of ${option.choices.join(", ")} (got "${text}")`, helpText(spec));
    return text;
  }
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  const inRange =
    Number.isSafeInteger(value) &&
    (option.min === undefined || value >= option.min) &&
    (option.max === undefined || value <= option.max);
  if (!inRange) {
    const range = `${option.min ?? 0}..${option.max ?? Number.MAX_SAFE_INTEGER}`;
    throw new UsageError(`--${name} takes an integer in ${range} (got "${text}")`, helpText(spec));
  }
  return value;
}

/** node:util's messages name the argument but not what was probably meant; ours add the nearest option. */
function usageMessage(error: unknown, argv: readonly string[], table: Record<string, OptionSpec>): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? "?";
    const name = flag.replace(/^--?/, "").split("=")[0];
    const nearest = nearestOption(name, Object.keys(table));
    return `unknown option ${flag}${nearest ? ` (did you mean --${nearest}?)` : ""}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const word = /'([^']+)'/.exec(message)?.[1] ?? argv.find((arg) => !arg.startsWith("-")) ?? "?";
    return `unexpected argument "${word}": this command takes only options`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const flag = /--([a-z0-9-]+)/.exec(message)?.[1];
    const option = flag ? table[flag] : undefined;
    if (option && option.type !== "boolean") return `--${flag} needs a value (--${flag} ${option.valueName})`;
    if (option) return `--${flag} is a flag and takes no value`;
  }
  return message;
}

/** The option whose name is within two edits of `name`, if exactly one is closest. */
function nearestOption(name: string, names: string[]): string | undefined {
  const ranked = names.map((candidate) => ({ candidate, distance: editDistance(name, candidate) }));
  const best = Math.min(...ranked.map((entry) => entry.distance));
  const closest = ranked.filter((entry) => entry.distance === best);
  return best <= 2 && closest.length === 1 ? closest[0].candidate : undefined;
}

function editDistance(from: string, to: string): number {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let row = 1; row <= from.length; row++) {
    const current = [row];
    for (let column = 1; column <= to.length; column++) {
      const substitution = previous[column - 1] + (from[row - 1] === to[column - 1] ? 0 : 1);
      current.push(Math.min(previous[column] + 1, current[column - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[to.length];
}

/** The `--help` text, generated from the same table the parser uses. */
export function helpText(spec: CommandSpec): string {
  const table: Record<string, OptionSpec> = { ...spec.options, help: HELP_OPTION };
  const rows = Object.entries(table).map(([name, option]) => {
    const short = option.short ? `-${option.short}, ` : "    ";
    const value = option.type === "boolean" ? "" : ` ${option.valueName}`;
    const details: string[] = [];
    if (option.type === "string" && option.required) details.push("required");
    if (option.type === "string" && option.choices) details.push(`one of ${option.choices.join(", ")}`);
    if (option.type !== "boolean" && option.default !== undefined) details.push(`default: ${option.default}`);
    const suffix = details.length ? ` (${details.join("; ")})` : "";
    return { left: `  ${short}--${name}${value}`, right: `${option.description}${suffix}` };
  });
  const width = Math.max(...rows.map((row) => row.left.length)) + 2;
  return [
    `Usage: ${spec.usage} [options]`,
    "",
    spec.summary,
    "",
    "Options:",
    ...rows.map((row) => `${row.left.padEnd(width)}${row.right}`),
    "",
    `Unknown options are an error (exit code ${EXIT_USAGE}); nothing is done then.`,
  ].join("\n");
}
