/**
 * The confirmation a mainnet deploy needs before its first transaction,
 * given the plan made inside the lock (its summary was printed just
 * before). Interactive: the operator types the network's name. Automated:
 * `--yes --plan-hash H` applies only if the plan still hashes to H, the hash
 * `deploy --plan` printed when it was reviewed; anything else is refused. A
 * closed or non-terminal stdin never counts as a yes: that is how a mainnet
 * deploy once started sending at once.
 */
import readline from "node:readline/promises";
import type { PlanSummary } from "./plan.ts";

export interface ConfirmOptions {
  network: string;
  yes: boolean;
  planHash?: string;
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream;
}

export async function confirmPlan(plan: PlanSummary, options: ConfirmOptions): Promise<boolean> {
  const output = options.output ?? process.stderr;
  const say = (line: string) => output.write(`${line}\n`);
  if (options.planHash !== undefined) {
    if (options.planHash !== plan.hash) {
      say(
        `The plan now hashes to ${plan.hash}, not ${options.planHash}: the chain or the description changed since it was reviewed. Review the plan again.`,
      );
      return false;
    }
    if (options.yes) return true;
  } else if (options.yes) {
    say(
      `--yes needs --plan-hash <hash>: the hash \`deploy --network ${options.network} --plan\` printed for the plan you reviewed.`,
    );
    return false;
  }
  const input = options.input ?? process.stdin;
  if (!input.isTTY) {
    say(
      `${options.network} needs a confirmation and stdin is not a terminal. Review \`npm run deploy -- --network ${options.network} --plan\`, then pass --yes --plan-hash ${plan.hash}`,
    );
    return false;
  }
  const prompt = readline.createInterface({ input, output });
  try {
    const answer = await prompt.question(
      `Apply this plan (${plan.transactions} transaction(s)) to ${options.network}? Type "${options.network}" to confirm: `,
    );
    return answer.trim() === options.network;
  } finally {
    prompt.close();
  }
}
