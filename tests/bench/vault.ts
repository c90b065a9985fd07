/**
 * `npm run bench:vault`: gas of the vault's operations on the local chain
 * through near-workspaces. "gas" is what the method's own receipt burnt,
 * "total" what the whole transaction burnt (callbacks and transfers included).
 *
 * - submit_epoch: a first (pending) submission and the one completing the quorum.
 * - claim of one leaf in epochs of 10, 10,000 and 1,000,000 leaves: the 10
 *   and 10,000-leaf trees are built in full off-chain
 *   (scripts/lib/merkle-points.ts); the 1,000,000-leaf tree sparsely: the
 *   claimant's leaf, and as its 20 siblings the roots of the (unbuilt)
 *   neighbouring subtrees, stood in for by distinct hashes — the contract
 *   sees only the root, the leaf and the proof, exactly as for a full tree.
 *   Every tree has the same total points and the claim is leaf 0 with the
 *   same points, so only the proof depth (4, 14, 20) differs.
 * - claim_batch over 5 epochs, withdraw_vested.
 * - deposit_royalties and claim_royalties (NEAR) with 10 and with 10,000
 *   contributors. Both vaults accept the same epoch: 10 real contributors of
 *   100 points and a reserve leaf of 1,999,000 points. In the 10,000 vault,
 *   9,990 contributor records of 100 points each are seeded with
 *   patchStateRecords (contracts/vault/records.ts layouts: the NEP-145 record
 *   and the stage record with points, snapshots at the epoch's acceptance
 *   accumulator 0) and their 999,000 points leave the stage's unclaimed
 *   points: the earning points, and so every accumulator, are identical in
 *   both vaults. The seeded records carry royalty positions only (their
 *   reward stays reserved), which is all these two operations read.
 *
 * The last line of output is the JSON of the figures.
 */
import { bytesToHex, nodeHash, rewardLeaf } from "../../contracts/vault/leaf.ts";
import { type EpochTree, sha256 } from "../../scripts/lib/merkle-points.ts";
import {
  chainNow,
  claimArgs,
  configureStage,
  deployVault,
  errorsOf,
  fundStage,
  GAS_MAX,
  newContributor,
  setupVault,
  stageConfig,
  submitArgs,
  TOK,
  treeOf,
  type VaultEnv,
} from "../helpers/vault-fixture.ts";
import { NEAR, type NearAccount } from "../helpers/workspace.ts";

interface Figure {
  gas: string;
  total: string;
  tgas: number;
  total_tgas: number;
}

type Result = {
  failed: boolean;
  receiptFailureMessages: string[];
  receipts_outcomes: Array<{ outcome: { gas_burnt: number } }>;
  outcomes: Array<{ gas_burnt: number }>;
};

function figure(result: Result): Figure {
  if (result.failed) throw new Error(errorsOf(result));
  const gas = BigInt(result.receipts_outcomes[0].outcome.gas_burnt);
  const total = result.outcomes.reduce((sum, o) => sum + BigInt(o.gas_burnt), 0n);
  return {
    gas: gas.toString(),
    total: total.toString(),
    tgas: Number(gas / 10n ** 10n) / 100,
    total_tgas: Number(total / 10n ** 10n) / 100,
  };
}

const TOTAL_POINTS = 10_000_000n;
/** contracts/vault/records.ts layouts: a contributor's stage record and its NEP-145 record. */
const CONTRIBUTOR_RECORD_SIZE = 180;
const STORAGE_ACCOUNT_SIZE = 21;

/** A tree of `leaves` leaves: the claimant first with 5 points, others 1, the last one the rest of TOTAL_POINTS. */
function benchTree(claimant: string, leaves: number) {
  const entries: Array<[string, bigint]> = [[claimant, 5n]];
  for (let i = 1; i < leaves - 1; i++) entries.push([`l${i}.test`, 1n]);
  entries.push(["rest.test", TOTAL_POINTS - 5n - BigInt(leaves - 2)]);
  return treeOf(entries);
}

/** The sparse 1,000,000-leaf tree: only leaf 0's path is real (see the head of this file). */
function sparseTree(claimant: string, leaves: number, depth: number): EpochTree {
  let node = rewardLeaf(0, claimant, 5n, sha256);
  const proof: string[] = [];
  for (let level = 0; level < depth; level++) {
    const sibling = sha256(new TextEncoder().encode(`subtree ${level} of ${leaves}`));
    proof.push(bytesToHex(sibling));
    node = nodeHash(node, sibling, sha256);
  }
  return {
    merkle_root: bytesToHex(node),
    total_points: TOTAL_POINTS,
    leaf_count: leaves,
    rows: [{ account_id: claimant, points: 5n }],
    proof: (index) => {
      if (index !== 0) throw new Error("the sparse tree knows only leaf 0");
      return proof;
    },
  };
}

async function accept(env: VaultEnv, args: Record<string, unknown>): Promise<[Result, Result]> {
  const first = (await env.attestors[0].callRaw(env.vault, "submit_epoch", args, {
    gas: GAS_MAX,
  })) as unknown as Result;
  const second = (await env.attestors[1].callRaw(env.vault, "submit_epoch", args, {
    gas: GAS_MAX,
  })) as unknown as Result;
  for (const r of [first, second]) if (r.failed) throw new Error(errorsOf(r));
  return [first, second];
}

async function configure(env: VaultEnv) {
  const now = await chainNow(env);
  const config = stageConfig(now, {
    epochs: 1000,
    epoch_reward: (1000n * TOK).toString(),
    challenge_window_ns: "0",
  });
  const r = await configureStage(env, 0, config);
  if (r.failed) throw new Error(errorsOf(r));
  const f = await fundStage(env, 0, 100_000n * TOK);
  if (f.failed) throw new Error(errorsOf(f));
}

async function claimFigures(env: VaultEnv): Promise<Record<string, Figure>> {
  const claimant = await newContributor(env, { prefix: "k" });
  const figures: Record<string, Figure> = {};
  const sizes: Array<[string, number]> = [
    ["claim_10_leaves", 10],
    ["claim_10000_leaves", 10_000],
    ["claim_1000000_leaves", 1_000_000],
  ];
  for (const [index, [name, leaves]] of sizes.entries()) {
    const started = Date.now();
    const tree = leaves > 10_000 ? sparseTree(claimant.accountId, leaves, 20) : benchTree(claimant.accountId, leaves);
    console.log(`${leaves} leaves: tree built in ${Date.now() - started} ms, proof depth ${tree.proof(0).length}`);
    const [first, second] = await accept(env, submitArgs(tree, 0, index));
    if (index === 0) {
      figures.submit_epoch_pending = figure(first);
      figures.submit_epoch_accepting = figure(second);
    }
    figures[name] = figure(
      (await claimant.callRaw(env.vault, "claim", claimArgs(tree, 0, index, 0) as never, {
        gas: GAS_MAX,
      })) as unknown as Result,
    );
  }
  const batchTrees = [3, 4, 5, 6, 7].map(() => benchTree(claimant.accountId, 10));
  for (const [i, tree] of batchTrees.entries()) await accept(env, submitArgs(tree, 0, 3 + i));
  figures.claim_batch_5_epochs = figure(
    (await claimant.callRaw(
      env.vault,
      "claim_batch",
      { claims: batchTrees.map((tree, i) => claimArgs(tree, 0, 3 + i, 0)) },
      { gas: GAS_MAX },
    )) as unknown as Result,
  );
  figures.withdraw_vested = figure(
    (await claimant.callRaw(env.vault, "withdraw_vested", {}, { gas: GAS_MAX })) as unknown as Result,
  );
  return figures;
}

function u128le(value: bigint, out: Uint8Array, offset: number, width: number) {
  let rest = value;
  for (let i = 0; i < width; i++) {
    out[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const keyOf = (text: string) => b64(new TextEncoder().encode(text));

async function royaltyScenario(shared: VaultEnv, label: string, seeded: number): Promise<Record<string, Figure>> {
  const vault = await deployVault(shared, `v${label}`);
  const env: VaultEnv = { ...shared, vault };
  await configure(env);
  // account ids of equal length in both scenarios (record keys are part of the cost)
  shared.seq.n = label === "a" ? 100 : 200;
  const real: NearAccount[] = [];
  for (let i = 0; i < 10; i++) real.push(await newContributor(env, { prefix: `r${label}` }));
  const tree = treeOf([...real.map((r) => [r, 100n] as [NearAccount, bigint]), ["reserve.test", 1_999_000n]]);
  await accept(env, submitArgs(tree, 0, 0));
  for (const [i, account] of real.entries()) {
    const r = await account.callRaw(vault, "claim", claimArgs(tree, 0, 0, i) as never, { gas: GAS_MAX });
    if (r.failed) throw new Error(errorsOf(r));
  }
  if (seeded > 0) {
    const records: unknown[] = [];
    const position = new Uint8Array(CONTRIBUTOR_RECORD_SIZE);
    u128le(100n, position, 32, 16); // points; reward, withdrawn, snapshots and owed 0
    u128le(1n, position, 48, 4); // one epoch claimed
    const account = new Uint8Array(STORAGE_ACCOUNT_SIZE);
    u128le(NEAR / 10n, account, 0, 16);
    u128le(1000n, account, 16, 4);
    account[20] = 1;
    for (let i = 0; i < seeded; i++) {
      const id = `s${i}.${vault.accountId}`;
      records.push({ Data: { account_id: vault.accountId, data_key: keyOf(`c0:${id}`), value: b64(position) } });
      records.push({ Data: { account_id: vault.accountId, data_key: keyOf(`a${id}`), value: b64(account) } });
    }
    // the seeded points leave the stage's unclaimed points (earning points unchanged)
    // (near-sdk-js's JSON encoding: a bigint is {"value": decimal, "typeInfo": "bigint"}; key order is kept)
    const state = await vault.viewState();
    const stage = JSON.parse(Buffer.from(state.getRaw("g0")).toString("utf8")) as {
      points: { unclaimed: { value: string } };
    };
    stage.points.unclaimed.value = (BigInt(stage.points.unclaimed.value) - BigInt(seeded) * 100n).toString();
    records.push({
      Data: {
        account_id: vault.accountId,
        data_key: keyOf("g0"),
        value: b64(new TextEncoder().encode(JSON.stringify(stage))),
      },
    });
    for (let i = 0; i < records.length; i += 2000) {
      await vault.patchStateRecords({ records: records.slice(i, i + 2000) } as never);
    }
    const sample = await vault.view<{ stages: Array<{ points: string }> }>("contributor", {
      account_id: `s${seeded - 1}.${vault.accountId}`,
    });
    if (sample.stages[0]?.points !== "100") throw new Error("seeding failed");
  }
  const figures: Record<string, Figure> = {};
  figures.deposit_royalties = figure(
    (await env.owner.callRaw(
      vault,
      "deposit_royalties",
      { stage: 0 },
      { attachedDeposit: NEAR, gas: GAS_MAX },
    )) as unknown as Result,
  );
  figures.claim_royalties = figure(
    (await real[0].callRaw(vault, "claim_royalties", { asset: "near" }, { gas: GAS_MAX })) as unknown as Result,
  );
  const view = await vault.view<{ earning_points: string; unclaimed_points: string }>("stage", { stage: 0 });
  console.log(`${10 + seeded} contributors: earning points ${view.earning_points}, unclaimed ${view.unclaimed_points}`);
  return figures;
}

async function main() {
  const env = await setupVault();
  try {
    await configure(env);
    const claims = await claimFigures(env);
    const small = await royaltyScenario(env, "a", 0);
    const large = await royaltyScenario(env, "b", 9_990);
    console.log("operation                    own / total TGas");
    for (const [name, f] of Object.entries(claims)) console.log(`${name.padEnd(28)} ${f.tgas} / ${f.total_tgas}`);
    for (const op of Object.keys(small)) {
      console.log(`${`${op} (10)`.padEnd(28)} ${small[op].tgas} / ${small[op].total_tgas}`);
      console.log(`${`${op} (10,000)`.padEnd(28)} ${large[op].tgas} / ${large[op].total_tgas}`);
    }
    const same =
      small.deposit_royalties.gas === large.deposit_royalties.gas &&
      small.claim_royalties.gas === large.claim_royalties.gas;
    console.log(`royalty deposit and claim cost the same with 10 and 10,000 contributors: ${same ? "yes" : "NO"}`);
    console.log(
      JSON.stringify({
        unit: "gas",
        ...claims,
        contributors_10: small,
        contributors_10000: large,
        royalties_same: same,
      }),
    );
    if (!same) process.exitCode = 1;
  } finally {
    await env.worker.tearDown();
  }
}

await main();
