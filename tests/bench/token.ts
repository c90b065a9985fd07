/**
 * `npm run bench:token`: gas of the token's ft_transfer, ft_transfer_call,
 * distribute_revenue and claim_revenue with 10 holders and with 10,000
 * holders, on the local chain through near-workspaces.
 *
 * The 10,000 holders are seeded with patchState: both scenarios initialise
 * the token with 10 real holders, the last one holding 1,000 + 9,990 × 100
 * units (so supply and eligible supply, whose digits the state's JSON and
 * the math cost gas by, are identical); with 10,000 holders that record is
 * rewritten to 1,000 units and 9,990 account records
 * (contracts/token/ledger.ts layout: flags, u128 balance, per asset a u256
 * snapshot and a u256 owed) are written under "a" + account id, each with
 * 100 units and snapshots at the current accumulator (0). Total and eligible
 * supply are unchanged by the move, so the contract's state stays exact.
 *
 * Per operation: "gas" is what the method's own receipt burnt, "total" what
 * the whole transaction burnt (every receipt, callbacks included).
 * The last line of output is the JSON of the figures.
 */
import type { AmountsByAsset } from "../../contracts/token/interface.ts";
import { startWorker, NEAR, type NearAccount } from "../helpers/workspace.ts";
import {
  deployToken,
  MAX_GAS,
  receiverWasm,
  register,
  subAccount,
  tokenWasm,
  type TxResult,
} from "../helpers/token-setup.ts";

const EXTRA_UNITS = 100n;
const RECORD_SIZE = 1 + 16 + 2 * 64;

function record(balance: bigint, excluded = false): Uint8Array {
  const out = new Uint8Array(RECORD_SIZE);
  out[0] = excluded ? 1 : 0;
  let v = balance;
  for (let i = 0; i < 16; i++) {
    out[1 + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out; // snapshots and owed: zero (no revenue yet)
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

interface Figure {
  gas: string;
  total: string;
  tgas: number;
  total_tgas: number;
}

function figure(result: TxResult): Figure {
  if (result.failed) throw new Error(result.receiptFailureMessages.join("\n"));
  const gas = BigInt(result.receipts_outcomes[0].outcome.gas_burnt);
  const total = result.outcomes.reduce((sum, o) => sum + BigInt(o.gas_burnt), 0n);
  return {
    gas: gas.toString(),
    total: total.toString(),
    tgas: Number(gas / 10n ** 10n) / 100,
    total_tgas: Number(total / 10n ** 10n) / 100,
  };
}

/** 1 GGas: see the check in main(). */
const FLAT_TOLERANCE_GAS = 1_000_000_000n;

async function scenario(root: NearAccount, label: string, holders: number): Promise<Record<string, Figure>> {
  const extra = holders - 10;
  const owner = await subAccount(root, `own${label}`);
  const real = await Promise.all([...Array(10).keys()].map((i) => subAccount(root, `h${i}${label}`, 10n * NEAR)));
  const recv = await subAccount(root, `recv${label}`);
  await recv.deploy(await receiverWasm());
  // Same supply and eligible supply in both scenarios (gas depends on the size of the numbers in the state):
  // the last holder starts with 1,000 + 9,990 × 100 units; with 10,000 holders those 9,990 × 100 are moved to the seeded records.
  const reserveUnits = 9_990n * EXTRA_UNITS;
  const allocations = real.map((account, i) => ({
    account,
    amount: 1000n + (i === 9 ? reserveUnits : 0n),
    earns_revenue: true,
  }));
  const token = await deployToken(root, `tok${label}`, { owner, allocations, initialBalance: 200n * NEAR });
  await register(token, recv);
  if (extra > 0) {
    const key = (id: string) => b64(new TextEncoder().encode(`a${id}`));
    if (BigInt(extra) * EXTRA_UNITS !== reserveUnits)
      throw new Error("the seeded holders must take exactly the reserve");
    const records: unknown[] = [
      { Data: { account_id: token.accountId, data_key: key(real[9].accountId), value: b64(record(1000n)) } },
    ];
    for (let i = 0; i < extra; i++) {
      records.push({
        Data: {
          account_id: token.accountId,
          data_key: key(`p${i}.${token.accountId}`),
          value: b64(record(EXTRA_UNITS)),
        },
      });
    }
    for (let i = 0; i < records.length; i += 2000) {
      await token.patchStateRecords({ records: records.slice(i, i + 2000) } as never);
    }
    const sample = BigInt(
      await token.view<string>("ft_balance_of", { account_id: `p${extra - 1}.${token.accountId}` }),
    );
    if (sample !== EXTRA_UNITS) throw new Error(`seeding failed: balance ${sample}`);
  }
  const [h0, h1] = real;
  const figures: Record<string, Figure> = {};
  figures.ft_transfer = figure(
    await h0.callRaw(token, "ft_transfer", { receiver_id: h1.accountId, amount: "1" }, { attachedDeposit: 1n }),
  );
  figures.ft_transfer_call = figure(
    await h0.callRaw(
      token,
      "ft_transfer_call",
      { receiver_id: recv.accountId, amount: "1", msg: "all" },
      { attachedDeposit: 1n, gas: MAX_GAS },
    ),
  );
  figures.distribute_revenue = figure(await owner.callRaw(token, "distribute_revenue", {}, { attachedDeposit: NEAR }));
  figures.claim_revenue = figure(await h1.callRaw(token, "claim_revenue", {}, { gas: MAX_GAS }));
  const supply = await token.view<string>("ft_total_supply", {});
  const claimedBy = await token.view<AmountsByAsset>("revenue_of", { account_id: `p0.${token.accountId}` });
  console.log(
    `${holders} holders: total supply ${supply}; a seeded holder can claim ${claimedBy.near ?? "-"} yoctoNEAR`,
  );
  return figures;
}

async function main() {
  await Promise.all([tokenWasm(), receiverWasm()]);
  const worker = await startWorker();
  try {
    const root = worker.rootAccount;
    const small = await scenario(root, "a", 10);
    const large = await scenario(root, "b", 10_000);
    console.log("operation            10 holders (own / total TGas)   10,000 holders (own / total TGas)");
    for (const op of Object.keys(small)) {
      console.log(
        `${op.padEnd(20)} ${`${small[op].tgas} / ${small[op].total_tgas}`.padEnd(32)} ${large[op].tgas} / ${large[op].total_tgas}`,
      );
    }
    // Not exact equality: the two calls differ in bytes unrelated to the holders (the block's timestamp
    // and height in the revenue history entry, decimal strings of the state), tens of wasm instructions.
    // Any work per holder, even one wasm instruction (regular_op_cost, 822,756 gas), would add at least
    // 9,990 × that = 8.2 GGas with 10,000 holders: eight times this tolerance.
    const difference = BigInt(large.distribute_revenue.gas) - BigInt(small.distribute_revenue.gas);
    const flat = (difference < 0n ? -difference : difference) <= FLAT_TOLERANCE_GAS;
    console.log(
      `distribute_revenue costs the same with 10 and 10,000 holders (within ${FLAT_TOLERANCE_GAS} gas): ${flat ? "yes" : "NO"}, ${difference} gas apart`,
    );
    const json = {
      unit: "gas",
      holders_10: small,
      holders_10000: large,
      distribute_revenue_difference: difference.toString(),
      distribute_revenue_flat: flat,
    };
    console.log(JSON.stringify(json));
    if (!flat) process.exitCode = 1;
  } finally {
    await worker.tearDown();
  }
}

await main();
