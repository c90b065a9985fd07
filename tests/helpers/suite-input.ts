/**
 * A suite description with every account and contract renamed by a prefix
 * (`token` → `<prefix>token`), so several deploys of the same description
 * share one chain without seeing each other's accounts. Starting a chain
 * and deploying the whole suite are the suite tests' largest costs; a file
 * that needs several independent deployments starts one chain and gives
 * each its own prefix instead of starting a chain per deployment.
 *
 * References inside a description go through keys (`@token`), never
 * through the sub-account names, so renaming the subs is all it takes.
 */
import type { SuiteConfigInput } from "../../scripts/config/schema.ts";

/** A deep copy of `input` whose accounts and contracts are `<prefix><sub>`; `change` edits the copy first. */
export function prefixedSuiteInput(
  input: SuiteConfigInput,
  prefix: string,
  change: (copy: SuiteConfigInput) => void = () => {},
): SuiteConfigInput {
  const copy = structuredClone(input);
  change(copy);
  for (const section of [copy.accounts, copy.contracts]) {
    for (const entry of Object.values(section ?? {}) as { sub: string }[]) entry.sub = `${prefix}${entry.sub}`;
  }
  return copy;
}
