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
 *   contributors, like for like: the two vaults differ only in how many
 *   contributors hold the stage's points. Both accept one epoch of the same
 *   total points and reward, with the same unclaimed reserve leaf, the same
 *   stage times and attestor expiries; the claimant (contributor 0) holds
 *   the same points in both. In the 10,000 vault the other 9 real
 *   contributors and 9,990 seeded ones (patchStateRecords: exactly what
 *   their claims would write) hold 100 points each; in the 10 vault the 9
 *   others hold the same points between them and deposit the same storage.
 *   So every record the two calls read (the contract state, the stage, the
 *   claimant's records) holds the same bytes in both vaults, which the bench
 *   checks before measuring, and the only difference left is the number of
 *   contributor records in the vault's storage. The earlier bench compared
 *   vaults configured a few seconds apart, so the times they store (the
 *   attestors' expiries in the contract state, the stage's claim deadline
 *   and vesting start) had other digits, and near-sdk-js keeps both records
 *   as JSON: QuickJS parses and prints a 19-digit bigint in a number of
 *   wasm instructions that depends on its digits (one expiry 1 ns later
 *   costs 3,425 instructions, 2,817,939,300 gas, more). Those times were
 *   the only values that differed in the records both calls read, besides
 *   the stage's unclaimed points, whose digits (1,999,000 against 1,000,000)
 *   cost the same: they made the 665-instruction (547,132,740 gas)
 *   difference it reported. The command fails unless the gas of both calls
 *   is equal.
 *
 * The last line of output is the JSON of the figures.
 */
import { emptyWord, wordIndexOf, withClaimed } from "../../contracts/vault/bitmap.ts";
import { bytesToHex, nodeHash, rewardLeaf } from "../../contracts/vault/leaf.ts";
import { type EpochTree, sha256 } from "../../scripts/lib/merkle-points.ts";
import {
  chainNow,
  claimArgs,
  configureStage,
  contributorView,
  deployVault,
  epochView,
  errorsOf,
  ftBalance,
  fundStage,
  GAS_MAX,
  newContributor,
  REPORT,
  SEC,
  setupVault,
  stageConfig,
  stageView,
  submitArgs,
  TOK,
  totalsView,
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

// ---- royalties with 10 and with 10,000 contributors -------------------------------------------

const REAL = 10;
const SEEDED = 9_990;
const POINTS = 100n;
/** In the 10-contributor vault, contributors 1..9 hold between them the points the 9,990 seeded ones hold. */
const HEAVY_POINTS = POINTS + (BigInt(SEEDED) * POINTS) / BigInt(REAL - 1);
/** Points of the leaf nobody claims (they earn as unclaimed points). */
const RESERVE_POINTS = 1_000_000n;
const ROYALTY_TOTAL = POINTS + BigInt(REAL - 1) * HEAVY_POINTS + RESERVE_POINTS;
const ROYALTY_EPOCH_REWARD = 1000n * TOK;
/** Every leaf of POINTS points is paid exactly this (no floor remainder, so rewards add up alike in both vaults). */
const LEAF_REWARD = (ROYALTY_EPOCH_REWARD * POINTS) / ROYALTY_TOTAL;
if (LEAF_REWARD * ROYALTY_TOTAL !== ROYALTY_EPOCH_REWARD * POINTS || (BigInt(SEEDED) * POINTS) % BigInt(REAL - 1)) {
  throw new Error("the royalty scenario's points must divide evenly");
}
/** contracts/vault/records.ts layouts: a contributor's stage record and its NEP-145 record. */
const CONTRIBUTOR_RECORD_SIZE = 180;
const STORAGE_ACCOUNT_SIZE = 21;

function uintLe(value: bigint, out: Uint8Array, offset: number, width: number) {
  let rest = value;
  for (let i = 0; i < width; i++) {
    out[offset + i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const keyOf = (text: string) => b64(new TextEncoder().encode(text));
const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf8");

/** near-sdk-js stores a bigint as {"value": decimal, "typeInfo": "bigint"}; adds `delta` to one in place. */
function addTo(field: { value: string }, delta: bigint) {
  field.value = (BigInt(field.value) + delta).toString();
}

interface RoyaltyVault {
  label: string;
  env: VaultEnv;
  claimant: NearAccount;
}

/**
 * A vault whose stage 0 has accepted one epoch of ROYALTY_TOTAL points and
 * reward, RESERVE_POINTS of them unclaimed, configured with the same times
 * (`base`) as its twin. With `seeded`, 10,001 leaves: 10 real contributors
 * of POINTS claim theirs, and 9,990 more are written as their claims would
 * have left the state (seedClaims). Without, 11 leaves: the 10 real
 * contributors claim, 1..9 of them with HEAVY_POINTS, and 1..9 deposit the
 * storage the seeded ones deposited.
 */
async function royaltyVault(shared: VaultEnv, label: string, seeded: boolean, base: bigint): Promise<RoyaltyVault> {
  const vault = await deployVault(shared, `v${label}`);
  const env: VaultEnv = { ...shared, vault };
  const yocto = { attachedDeposit: 1n, gas: GAS_MAX };
  for (const attestor of env.attestors) {
    const expires_at_ns = (base + 1_000_000n * SEC).toString();
    await env.manager.call(
      vault,
      "set_attestor",
      { account_id: attestor.accountId, report_hash: REPORT, expires_at_ns },
      yocto,
    );
  }
  const config = stageConfig(base, {
    epochs: 1000,
    epoch_reward: ROYALTY_EPOCH_REWARD.toString(),
    challenge_window_ns: "0",
  });
  const configured = await configureStage(env, 0, config);
  if (configured.failed) throw new Error(errorsOf(configured));
  const funded = await fundStage(env, 0, 100_000n * TOK);
  if (funded.failed) throw new Error(errorsOf(funded));
  // account ids of equal length in both vaults (record keys are part of the cost)
  shared.seq.n = label === "a" ? 100 : 200;
  const real: NearAccount[] = [];
  for (let i = 0; i < REAL; i++) real.push(await newContributor(env, { prefix: `r${label}` }));
  const entries: Array<[NearAccount | string, bigint]> = real.map((r, i) => [
    r,
    seeded || i === 0 ? POINTS : HEAVY_POINTS,
  ]);
  if (seeded) for (let i = 0; i < SEEDED; i++) entries.push([seededId(vault, i), POINTS]);
  entries.push(["reserve.test", RESERVE_POINTS]);
  const tree = treeOf(entries);
  if (tree.total_points !== ROYALTY_TOTAL) throw new Error(`tree of ${tree.total_points} points`);
  await accept(env, submitArgs(tree, 0, 0));
  for (const [i, account] of real.entries()) {
    const r = await account.callRaw(vault, "claim", claimArgs(tree, 0, 0, i) as never, { gas: GAS_MAX });
    if (r.failed) throw new Error(errorsOf(r));
  }
  const min = BigInt((await vault.view<{ min: string }>("storage_balance_bounds", {})).min);
  if (seeded) {
    await seedClaims(env, min);
  } else {
    const topUp = (min * BigInt(SEEDED)) / BigInt(REAL - 1);
    for (const account of real.slice(1)) {
      await account.call(vault, "storage_deposit", {}, { attachedDeposit: topUp, gas: GAS_MAX });
    }
  }
  return { label, env, claimant: real[0] };
}

const seededId = (vault: NearAccount, i: number) => `s${i}.${vault.accountId}`;

/**
 * Writes (patchStateRecords) what the claims of leaves REAL..REAL+SEEDED-1,
 * one seeded contributor each, would have written: each contributor's stage
 * record (POINTS points, LEAF_REWARD vesting, royalty snapshots at the
 * epoch's acceptance accumulator 0) and NEP-145 record (the minimum deposit,
 * its record, stage record and any bitmap word it created), the epoch's
 * claimed bits and totals, the stage's points, reserved and claimed, and the
 * contract's books and storage deposits; the deposits' NEAR is sent to the
 * vault. The vault's views check the result.
 */
async function seedClaims(env: VaultEnv, min: bigint) {
  const vault = env.vault;
  const sizes = await vault.view<{
    storage_account_bytes: number;
    storage_stage_bytes: number;
    storage_word_bytes: number;
  }>("contract_config", {});
  const state = await vault.viewState();
  const records: unknown[] = [];
  const put = (key: string, value: Uint8Array) =>
    records.push({ Data: { account_id: vault.accountId, data_key: keyOf(key), value: b64(value) } });
  const words = new Map<number, Uint8Array>([[0, state.getRaw("b0:0:0")]]);
  for (let i = 0; i < SEEDED; i++) {
    const leaf = REAL + i;
    const word = wordIndexOf(leaf);
    const created = !words.has(word);
    words.set(word, withClaimed(words.get(word) ?? emptyWord(), leaf));
    const position = new Uint8Array(CONTRIBUTOR_RECORD_SIZE);
    uintLe(LEAF_REWARD, position, 0, 16);
    uintLe(POINTS, position, 32, 16);
    uintLe(1n, position, 48, 4);
    const account = new Uint8Array(STORAGE_ACCOUNT_SIZE);
    const used = sizes.storage_account_bytes + sizes.storage_stage_bytes + (created ? sizes.storage_word_bytes : 0);
    uintLe(min, account, 0, 16);
    uintLe(BigInt(used), account, 16, 4);
    account[20] = 1;
    put(`c0:${seededId(vault, i)}`, position);
    put(`a${seededId(vault, i)}`, account);
  }
  for (const [word, bits] of words) put(`b0:0:${word}`, bits);
  const points = BigInt(SEEDED) * POINTS;
  const rewards = BigInt(SEEDED) * LEAF_REWARD;
  const deposits = BigInt(SEEDED) * min;
  const epoch = JSON.parse(utf8(state.getRaw("e0:0")));
  addTo(epoch.claimed_amount, rewards);
  addTo(epoch.claimed_points, points);
  epoch.claimed_leaves += SEEDED;
  const stage = JSON.parse(utf8(state.getRaw("g0")));
  addTo(stage.points.unclaimed, -points);
  addTo(stage.reserved, -rewards);
  addTo(stage.claimed, rewards);
  const contract = JSON.parse(utf8(state.getRaw("STATE")));
  addTo(contract.books.reserved, -rewards);
  addTo(contract.books.credited, rewards);
  addTo(contract.storage_deposits, deposits);
  // JSON.stringify keeps the key order near-sdk-js wrote
  put("e0:0", new TextEncoder().encode(JSON.stringify(epoch)));
  put("g0", new TextEncoder().encode(JSON.stringify(stage)));
  put("STATE", new TextEncoder().encode(JSON.stringify(contract)));
  for (let i = 0; i < records.length; i += 2000) {
    await vault.patchStateRecords({ records: records.slice(i, i + 2000) } as never);
  }
  await env.root.transfer(vault, deposits);
  await checkSeeded(env);
}

/** The seeded vault's views agree with what 10,000 claims would show. */
async function checkSeeded(env: VaultEnv) {
  const vault = env.vault;
  const last = seededId(vault, SEEDED - 1);
  const position = await contributorView(env, last);
  const epoch = await epochView(env, 0, 0);
  const totals = await totalsView(env);
  const held = await ftBalance(env.token, vault);
  const problems: string[] = [];
  if (position.stages[0]?.points !== POINTS.toString() || position.stages[0]?.reward !== LEAF_REWARD.toString()) {
    problems.push(`${last}: ${JSON.stringify(position.stages[0])}`);
  }
  if (!(await vault.view<boolean>("claimed", { stage: 0, epoch: 0, leaf_index: REAL + SEEDED - 1 }))) {
    problems.push("the last seeded leaf is not claimed");
  }
  if (await vault.view<boolean>("claimed", { stage: 0, epoch: 0, leaf_index: REAL + SEEDED })) {
    problems.push("the reserve leaf is claimed");
  }
  if (epoch?.claimed_leaves !== REAL + SEEDED) problems.push(`epoch claimed_leaves ${epoch?.claimed_leaves}`);
  if (held !== BigInt(totals.token_owed)) problems.push(`token balance ${held} != owed ${totals.token_owed}`);
  if (problems.length > 0) throw new Error(`seeding failed:\n${problems.join("\n")}`);
}

/** Fails unless every record the measured calls read holds the same bytes in both vaults. */
async function assertLikeForLike(small: RoyaltyVault, large: RoyaltyVault) {
  const [a, b] = await Promise.all([small.env.vault.viewState(), large.env.vault.viewState()]);
  const keys: Array<[string, string]> = [
    ["STATE", "STATE"],
    ["g0", "g0"],
    [`a${small.claimant.accountId}`, `a${large.claimant.accountId}`],
    [`c0:${small.claimant.accountId}`, `c0:${large.claimant.accountId}`],
  ];
  for (const [keyA, keyB] of keys) {
    const same = Buffer.from(a.getRaw(keyA)).equals(Buffer.from(b.getRaw(keyB)));
    if (!same)
      throw new Error(`${keyA} differs between the two vaults:\n${utf8(a.getRaw(keyA))}\n${utf8(b.getRaw(keyB))}`);
  }
}

async function royaltyFigures(vault: RoyaltyVault): Promise<Record<string, Figure>> {
  const { env, claimant } = vault;
  const figures: Record<string, Figure> = {};
  figures.deposit_royalties = figure(
    (await env.owner.callRaw(
      env.vault,
      "deposit_royalties",
      { stage: 0 },
      { attachedDeposit: NEAR, gas: GAS_MAX },
    )) as unknown as Result,
  );
  figures.claim_royalties = figure(
    (await claimant.callRaw(env.vault, "claim_royalties", { asset: "near" }, { gas: GAS_MAX })) as unknown as Result,
  );
  const view = await stageView(env, 0);
  const count = vault.label === "a" ? REAL : REAL + SEEDED;
  console.log(`${count} contributors: earning points ${view.earning_points}, unclaimed ${view.unclaimed_points}`);
  return figures;
}

async function main() {
  const env = await setupVault();
  try {
    await configure(env);
    const claims = await claimFigures(env);
    const base = await chainNow(env);
    const smallVault = await royaltyVault(env, "a", false, base);
    const largeVault = await royaltyVault(env, "b", true, base);
    await assertLikeForLike(smallVault, largeVault);
    const small = await royaltyFigures(smallVault);
    const large = await royaltyFigures(largeVault);
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
