/**
 * The local chain the app runs against: either the one `npm start --
 * --keep-running` left serving (found through .localnet/rpc-url), or a new
 * embedded chain with the local suite deployed by the scripts' own
 * deploySuite and stage 1 opened (the clock fast-forwarded to its start), so
 * the app can buy at once. The browser test uses the same function with a
 * throwaway home and manifest.
 */
import path from "node:path";
import localSuiteInput from "../../scripts/config/local.ts";
import { assertValidSuite, type Suite } from "../../scripts/config/validate.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import { deploySuite } from "../../scripts/lib/deploy-suite.ts";
import { localKeyStore } from "../../scripts/lib/keys.ts";
import { startLocalChain } from "../../scripts/lib/localnet.ts";

export interface LocalSuite {
  suite: Suite;
  chain: ChainClient;
  home: string;
  url: string;
  /** Stops the chain if this process started it. */
  stop(): Promise<void>;
}

/** Starts a fresh chain in `home`, deploys the local suite and opens its first round. */
export async function startLocalSuite(options: {
  home: string;
  buildDir: string;
  manifestPath: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<LocalSuite> {
  const suite = assertValidSuite(localSuiteInput);
  const local = await startLocalChain({ home: options.home, port: options.port, fresh: true });
  try {
    const chain = new ChainClient(local.url, localKeyStore(local.home, suite.config.master_account_id));
    await deploySuite({
      suite,
      chain,
      buildDir: options.buildDir,
      manifestPath: options.manifestPath,
      log: options.log,
    });
    await openFirstRound(suite, chain);
    return { suite, chain, home: local.home, url: local.url, stop: () => local.stop() };
  } catch (error) {
    await local.stop();
    throw error;
  }
}

/** Attaches to a chain already serving the local suite (npm start -- --keep-running). */
export function attachLocalSuite(home: string, url: string): LocalSuite {
  const suite = assertValidSuite(localSuiteInput);
  const chain = new ChainClient(url, localKeyStore(home, suite.config.master_account_id));
  return { suite, chain, home: path.resolve(home), url, stop: async () => {} };
}

/** Seconds of block time one fast-forwarded block adds on the local chain. */
const SECONDS_PER_BLOCK = 1n;

/** Moves the local chain's clock to just past `targetNs` (a no-op when it is already there). */
export async function fastForwardTo(chain: ChainClient, targetNs: bigint): Promise<void> {
  const head = await chain.head();
  if (head.timestampNs > targetNs) return;
  const blocks = (targetNs - head.timestampNs) / (SECONDS_PER_BLOCK * 1_000_000_000n) + 2n;
  await chain.fastForward(Number(blocks));
}

async function openFirstRound(suite: Suite, chain: ChainClient): Promise<void> {
  const sale = [...suite.accountIds.entries()].find(([name]) => suite.config.contracts[name]?.init.kind === "sale");
  if (!sale) return;
  const rounds = await chain.view<{ config: { start_ns: string } }[]>(sale[1], "rounds", {});
  if (rounds.length) await fastForwardTo(chain, BigInt(rounds[0].config.start_ns));
}
