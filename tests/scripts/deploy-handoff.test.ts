/**
 * Key hand-off (scripts/handoff.ts, lib/handoff.ts) on a testnet rehearsal
 * chain: refused while the contracts are owned by the master whose key the
 * scripts hold; after each contract's ownership moved to a DAO account
 * (propose_owner, accept_owner), `npm run handoff -- --yes` deletes every
 * full-access key of the contract accounts, lists the key files to back up,
 * and `status` shows the contracts locked and the plain accounts keeping
 * their keys.
 */
import fs from "node:fs";
import path from "node:path";
import test from "ava";
import { KeyPair } from "near-api-js";
import { assertValidSuite } from "../../scripts/config/validate.ts";
import { DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import { deploySuite } from "../../scripts/lib/deploy-suite.ts";
import { accessKeyRows, fullAccessKeys, planHandoff } from "../../scripts/lib/handoff.ts";
import { credentialsKeyStore } from "../../scripts/lib/keys.ts";
import {
  credentialsWithMaster,
  REHEARSAL_MASTER,
  rehearsalSuiteInput,
  startRehearsalChain,
  type RehearsalChain,
  runScript,
} from "./rehearsal-chain.ts";

let rehearsal: RehearsalChain;

test.before(async () => {
  rehearsal = await startRehearsalChain();
});

test.after.always(async () => {
  await rehearsal?.stop();
});

test.serial(
  "hand-off: refused while the key holder owns the contracts; after the transfer, the contract keys are deleted",
  async (t) => {
    const input = rehearsalSuiteInput("hf", rehearsal.local.url);
    const suite = assertValidSuite(input);
    const credentials = credentialsWithMaster(rehearsal);
    const chain = new ChainClient(rehearsal.local.url, credentialsKeyStore("testnet", REHEARSAL_MASTER, credentials));
    await deploySuite({ suite, chain, buildDir: DEFAULT_BUILD_DIR, manifestPath: path.join(rehearsal.dir, "hf.json") });
    const configFile = path.join(rehearsal.dir, "handoff.json");
    fs.writeFileSync(configFile, JSON.stringify(input));
    const argv = ["--network", "testnet", "--config", configFile, "--rpc-url", rehearsal.local.url];
    const env = { NEAR_CREDENTIALS_DIR: credentials };
    const contracts = Object.keys(suite.config.contracts).map((name) => suite.resolve(`@${name}`));

    const before = await planHandoff(suite, chain);
    t.is(before.txs.length, contracts.length);
    for (const contractId of contracts)
      t.true(
        before.refusals.some((r) =>
          r.includes(`(${contractId}): its owner ${REHEARSAL_MASTER} is an account whose key the scripts hold`),
        ),
      );
    const refused = await runScript("handoff", [...argv, "--yes"], env);
    t.is(refused.code, 1);
    t.regex(refused.stderr, /Refused: nothing was sent/);
    t.regex(
      refused.stdout,
      new RegExp(`credentials-\\w+/testnet/hftoken\\.${REHEARSAL_MASTER.replace(".", "\\.")}\\.json`),
    );
    for (const contractId of contracts) t.is((await fullAccessKeys(chain, contractId))!.length, 1);

    // Ownership moves to a DAO account whose key the scripts do not hold.
    const dao = `dao.${REHEARSAL_MASTER}`;
    const daoKey = KeyPair.fromRandom("ed25519");
    const daoDir = fs.mkdtempSync(path.join(rehearsal.dir, "dao-"));
    fs.mkdirSync(path.join(daoDir, "testnet"));
    fs.writeFileSync(
      path.join(daoDir, "testnet", `${dao}.json`),
      JSON.stringify({ account_id: dao, private_key: daoKey.toString() }),
    );
    const daoChain = new ChainClient(rehearsal.local.url, credentialsKeyStore("testnet", dao, daoDir));
    const ok = async (result: Promise<{ ok: boolean; failure?: string }>) => t.true((await result).ok);
    await ok(
      chain.send({
        signerId: REHEARSAL_MASTER,
        receiverId: dao,
        actions: [
          { type: "CreateAccount" },
          { type: "Transfer", deposit: 5n * 10n ** 24n },
          { type: "AddFullAccessKey", publicKey: daoKey.getPublicKey().toString() },
        ],
      }),
    );
    const ownerCall = (method: string, args: Record<string, unknown>) =>
      ({ type: "FunctionCall", method, args, gas: 30_000_000_000_000n, deposit: 1n }) as const;
    for (const contractId of contracts) {
      await ok(
        chain.send({
          signerId: REHEARSAL_MASTER,
          receiverId: contractId,
          actions: [ownerCall("propose_owner", { new_owner_id: dao })],
        }),
      );
      await ok(daoChain.send({ signerId: dao, receiverId: contractId, actions: [ownerCall("accept_owner", {})] }));
    }

    const dry = await runScript("handoff", argv, env);
    t.is(dry.code, 0, dry.stderr);
    t.regex(dry.stdout, /Nothing was sent: rerun with --yes/);
    const applied = await runScript("handoff", [...argv, "--yes"], env);
    t.is(applied.code, 0, applied.stderr);
    for (const contractId of contracts) {
      t.deepEqual(await fullAccessKeys(chain, contractId), []);
      t.regex(applied.stdout, new RegExp(`✓ ${contractId.replaceAll(".", "\\.")}: keys deleted in \\w+`));
    }
    const rows = await accessKeyRows(suite, chain);
    t.deepEqual(
      rows
        .filter((row) => row[2].startsWith("none"))
        .map((row) => row[1])
        .sort(),
      [...contracts].sort(),
    );
    t.deepEqual(rows.find((row) => row[0] === "treasury")![2], "1", "plain accounts keep their keys");
    const again = await runScript("handoff", argv, env);
    t.is(again.code, 0);
    t.regex(again.stdout, /no full-access key left[\s\S]*Nothing to delete/);
  },
);
