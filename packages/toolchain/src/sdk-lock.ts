import { readFileSync } from "node:fs";
import { join, sep } from "node:path";

/**
 * The versions near-sdk-js 2.0.0 is tested with (its repository's
 * pnpm-lock.yaml, importer packages/near-sdk-js) of the packages its runtime
 * code imports, which rollup bundles into every contract. Its published
 * package.json only asks for ranges (`@scure/base ^1.1.1`), so npm may
 * bundle a newer release that behaves alike but costs more gas in QuickJS:
 * @scure/base 1.2.x adds about 8 TGas to every call of a contract that
 * touches PublicKey. The repository's package.json pins these versions for
 * near-sdk-js's copy; the build warns when a bundle contains another one.
 */
export const NEAR_SDK_LOCKED_VERSIONS: Readonly<Record<string, string>> = {
  "@scure/base": "1.1.7",
  "lodash-es": "4.17.21",
};

/** The installed package a bundled file belongs to: the last node_modules/<name> of its path. */
function packageRootOf(file: string): { name: string; root: string } | undefined {
  const marker = `${sep}node_modules${sep}`;
  const at = file.lastIndexOf(marker);
  if (at < 0) return undefined;
  const rest = file.slice(at + marker.length).split(sep);
  const parts = rest[0].startsWith("@") ? rest.slice(0, 2) : rest.slice(0, 1);
  if (parts.length === 0 || parts.some((part) => part.length === 0)) return undefined;
  return { name: parts.join("/"), root: file.slice(0, at + marker.length) + parts.join(sep) };
}

export interface BundledPackage {
  name: string;
  version: string;
  /** The installed package's folder. */
  root: string;
}

/** The packages of near-sdk-js's lock that the given bundled files come from, with their installed versions. */
export function lockedPackagesIn(bundledFiles: readonly string[]): BundledPackage[] {
  const roots = new Map<string, string>();
  for (const file of bundledFiles) {
    const found = packageRootOf(file);
    if (found && found.name in NEAR_SDK_LOCKED_VERSIONS) roots.set(found.root, found.name);
  }
  return [...roots].sort().map(([root, name]) => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    return { name, version, root };
  });
}

/** One line per bundled package at another version than near-sdk-js's lock: the versions, where, how to pin. */
export function lockMismatches(packages: readonly BundledPackage[]): string[] {
  return packages
    .filter(({ name, version }) => version !== NEAR_SDK_LOCKED_VERSIONS[name])
    .map(({ name, version, root }) => {
      const expected = NEAR_SDK_LOCKED_VERSIONS[name];
      return (
        `bundles ${name} ${version} (${root}); near-sdk-js 2.0.0 is tested with ${expected}, and another version ` +
        `changes the contract's gas: pin it with "overrides": { "near-sdk-js": { "${name}": "${expected}" } }`
      );
    });
}
