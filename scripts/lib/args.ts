/** A small `--name value` / `--flag` parser for the scripts' CLIs. */
export interface ParsedArgs {
  options: Map<string, string>;
  flags: Set<string>;
  positional: string[];
}

export function parseArgs(argv: string[], flagNames: string[]): ParsedArgs {
  const options = new Map<string, string>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split("=", 2);
    if (flagNames.includes(name)) flags.add(name);
    else if (inline !== undefined) options.set(name, inline);
    else if (i + 1 < argv.length) options.set(name, argv[++i]);
    else throw new Error(`--${name} needs a value`);
  }
  return { options, flags, positional };
}
