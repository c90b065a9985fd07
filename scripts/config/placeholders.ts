/**
 * Mainnet refuses the values mainnet.ts ships as stand-ins: its default
 * master account (used when MODELFUND_MAINNET_MASTER is unset) and its
 * placeholder round dates (also the fee router's price date). They validate as data — a .near account, a date
 * in the future — which is how a rehearsal once passed validation with them.
 * A deploy, a plan, verify and status all load the description through
 * load.ts, which adds these problems for mainnet (exit 2, nothing sent).
 * tests/scripts/deploy-mainnet.test.ts checks that mainnet.ts as shipped is
 * refused for both, so the two files cannot drift apart silently.
 */
import type { SuiteConfig } from "./schema.ts";

export const MAINNET_PLACEHOLDERS = {
  /** mainnet.ts's master when MODELFUND_MAINNET_MASTER is unset. */
  master: "modelfund.near",
  masterEnv: "MODELFUND_MAINNET_MASTER",
  /** mainnet.ts's round starts (and fee prices' effective time) until the launch dates are decided. */
  starts: ["2027-03-01T00:00:00Z"],
};

export function mainnetPlaceholderProblems(config: SuiteConfig): string[] {
  if (config.network !== "mainnet") return [];
  const problems: string[] = [];
  if (config.master_account_id === MAINNET_PLACEHOLDERS.master && !process.env[MAINNET_PLACEHOLDERS.masterEnv])
    problems.push(
      `master_account_id: ${MAINNET_PLACEHOLDERS.master} is mainnet.ts's placeholder: set ${MAINNET_PLACEHOLDERS.masterEnv} to the master account you hold (even if it is this one)`,
    );
  config.rounds.forEach((round, i) => {
    if ("at" in round.starts && MAINNET_PLACEHOLDERS.starts.includes(round.starts.at))
      problems.push(`rounds.${i}.starts.at: ${round.starts.at} is mainnet.ts's placeholder date: set the launch date`);
  });
  config.fees?.stages.forEach((stage, i) => {
    const effective = stage.price?.effective;
    if (effective && "at" in effective && MAINNET_PLACEHOLDERS.starts.includes(effective.at))
      problems.push(
        `fees.stages.${i}.price.effective.at: ${effective.at} is mainnet.ts's placeholder date: set the date the prices apply`,
      );
  });
  return problems;
}
