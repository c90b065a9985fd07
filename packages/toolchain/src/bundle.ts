import { babel } from "@rollup/plugin-babel";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { createRequire } from "node:module";
import { join } from "node:path";
import { rollup, type RollupWarning } from "rollup";
import { BuildError } from "./build-error.ts";
import { type BundledPackage, lockedPackagesIn, lockMismatches } from "./sdk-lock.ts";

const require = createRequire(import.meta.url);

export interface Bundle {
  /** One ES module with every import inlined. */
  code: string;
  /** The module's exports: one per contract method, as near-sdk-js's exporter writes them. */
  exports: string[];
  /** The bundled packages that near-sdk-js's lockfile pins (sdk-lock.ts), with their installed versions. */
  lockedPackages: BundledPackage[];
  /** Those whose version differs from the lock, one line each. */
  lockWarnings: string[];
}

/**
 * Bundles a contract with rollup and babel exactly as near-sdk-js 2.0 does:
 * its own babel plugins turn the @NearBindgen class into exported functions
 * and inline includeBytes() files.
 */
export async function bundleContract(entry: string, nearSdkDir: string): Promise<Bundle> {
  const buildTools = join(nearSdkDir, "lib", "cli", "build-tools");
  const warnings: string[] = [];
  try {
    const build = await rollup({
      input: entry,
      onwarn: (warning: RollupWarning) => {
        warnings.push(warning.message);
      },
      plugins: [
        nodeResolve({ extensions: [".js", ".ts"] }),
        babel({
          babelHelpers: "bundled",
          extensions: [".ts", ".js", ".jsx", ".es6", ".es", ".mjs"],
          babelrc: false,
          configFile: false,
          presets: [require.resolve("@babel/preset-typescript")],
          plugins: [
            join(buildTools, "include-bytes.js"),
            [join(buildTools, "near-bindgen-exporter.js"), { verbose: false }],
            [require.resolve("@babel/plugin-proposal-decorators"), { version: "legacy" }],
          ],
        }),
      ],
    });
    const { output } = await build.generate({ format: "es" });
    await build.close();
    const chunk = output[0];
    const unresolved = chunk.imports;
    if (unresolved.length > 0) {
      throw new BuildError(
        "bundling",
        `unsupported import ${unresolved.map((name) => `"${name}"`).join(", ")}: a contract can only import code that bundles into it`,
        entry,
      );
    }
    if (warnings.some((w) => w.includes("Unresolved dependencies"))) {
      throw new BuildError("bundling", warnings.join("\n"), entry);
    }
    const bundledFiles = Object.entries(chunk.modules)
      .filter(([, module]) => module.renderedLength > 0)
      .map(([id]) => id);
    const lockedPackages = lockedPackagesIn(bundledFiles);
    return { code: chunk.code, exports: chunk.exports, lockedPackages, lockWarnings: lockMismatches(lockedPackages) };
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw new BuildError("bundling", error instanceof Error ? error.message : String(error), entry);
  }
}
