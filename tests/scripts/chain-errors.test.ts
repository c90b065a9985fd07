/**
 * The chain client on the real local chain (a child process), through real
 * failures: "absent" only when the node says so; a stopped node, a reset
 * connection, a 503 or a silent endpoint is retried and then reported, never
 * read as "absent"; a node restarted during the backoff is simply answered.
 *
 * One chain for the file (starting one is much of what these tests cost):
 * the tests run serially on it, each with its own accounts; the two that
 * take the node down come last, the restart first (the restarted node
 * stays the file's chain), the kill at the very end.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "ava";
import { freePort } from "@modelfund/near-localnet/process";
import localSuiteInput from "../../scripts/config/local.ts";
import { assertValidSuite } from "../../scripts/config/validate.ts";
import { readArtifact } from "../../scripts/lib/artifacts.ts";
import { buildSuiteContracts, DEFAULT_BUILD_DIR } from "../../scripts/lib/build.ts";
import { ChainClient } from "../../scripts/lib/chain.ts";
import { deploySuite } from "../../scripts/lib/deploy-suite.ts";
import { credentialsKeyStore, localKeyStore } from "../../scripts/lib/keys.ts";
import { startLocalChain, type LocalChain } from "../../scripts/lib/localnet.ts";
import { redactUrl, RpcUnavailableError, type RetryPolicy } from "../../scripts/lib/rpc-provider.ts";
import { flakyEndpoint, type Fault } from "./flaky-endpoint.ts";

const MASTER = "test.near";
/** Short waits so that the tests stay quick; the shape (bounded doubling) is the production one. */
const FAST: RetryPolicy = { attempts: 4, firstDelayMs: 50, maxDelayMs: 200, requestTimeoutMs: 1000 };
/**
 * FAST with room for a busy machine: a loaded node can take over a second to answer, which a test expecting an
 * answer must not read as a dead endpoint. Only the silent endpoint's tests need the short timeout (each of their
 * timeouts is a wait).
 */
const PATIENT: RetryPolicy = { ...FAST, requestTimeoutMs: 30_000 };

let dir: string;
/** The file's chain; the restart test replaces it with the restarted node. */
let shared: LocalChain;

/** Runs `run` on the file's chain. */
async function withChain(run: (local: LocalChain, dir: string) => Promise<void>): Promise<void> {
  await run(shared, dir);
}

const clientFor = (local: LocalChain, url = local.url, retry: Partial<RetryPolicy> = PATIENT) =>
  new ChainClient(url, localKeyStore(local.home, MASTER), retry);

test.before(async () => {
  await buildSuiteContracts();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "modelfund-chain-errors-"));
  shared = await startLocalChain({ home: path.join(dir, "chain"), port: await freePort() });
});

test.after.always(async () => {
  await shared?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test.serial("a missing account, missing code or missing method reads as absent; a panicking view throws", async (t) => {
  await withChain(async (local) => {
    const chain = clientFor(local);
    t.is(await chain.accountView("nobody.test.near"), undefined);
    t.false(await chain.accountExists("nobody.test.near"));
    t.false(await chain.hasSdkState("nobody.test.near"));
    t.is(await chain.viewOrUndefined("nobody.test.near", "ft_total_supply"), undefined);
    // test.near exists but has no code.
    t.is(await chain.viewOrUndefined(MASTER, "ft_total_supply"), undefined);
    t.false(await chain.hasSdkState(MASTER));

    // A token deployed but not initialised: the method is missing, or it panics (requireInit).
    const token = readArtifact(DEFAULT_BUILD_DIR, "token");
    const keys = localKeyStore(local.home, MASTER);
    const created = await chain.send({
      signerId: MASTER,
      receiverId: "probe.test.near",
      actions: [
        { type: "CreateAccount" },
        { type: "Transfer", deposit: 10n ** 25n },
        { type: "AddFullAccessKey", publicKey: (await keys.publicKeyForNewAccount("probe.test.near")).toString() },
        { type: "DeployContract", code: token.code, sha256: token.sha256 },
      ],
    });
    t.true(created.ok, created.failure);
    t.is(await chain.viewOrUndefined("probe.test.near", "no_such_method"), undefined);
    t.false(await chain.hasSdkState("probe.test.near"));
    const panic = await t.throwsAsync(chain.viewOrUndefined("probe.test.near", "ft_total_supply"));
    t.notRegex(panic!.message, /cannot reach/);
  });
});

test.serial(
  "resets, 503 pages and silence are retried and answered; too many are reported with the endpoint",
  async (t) => {
    await withChain(async (local) => {
      const faults: Fault[] = ["reset", "http503", "hang"];
      for (const fault of faults) {
        // The first two requests fail, the third is forwarded.
        const endpoint = await flakyEndpoint(local.url, ({ number }) => (number <= 2 ? fault : undefined));
        try {
          const chain = clientFor(local, endpoint.url, fault === "hang" ? FAST : PATIENT);
          t.true(await chain.accountExists(MASTER), fault);
          t.is(endpoint.failed, 2, fault);
        } finally {
          await endpoint.close();
        }
        const broken = await flakyEndpoint(local.url, () => fault);
        try {
          const chain = clientFor(local, broken.url, fault === "hang" ? FAST : PATIENT);
          const error = await t.throwsAsync(chain.viewOrUndefined(MASTER, "get_rounds"), {
            instanceOf: RpcUnavailableError,
          });
          t.is(broken.requests, FAST.attempts, fault);
          t.true(error!.message.includes(broken.url), error!.message);
        } finally {
          await broken.close();
        }
      }
    });
  },
);

test.serial(
  "a transaction whose connection drops is re-sent as the same signed transaction and runs once",
  async (t) => {
    await withChain(async (local) => {
      const keys = localKeyStore(local.home, MASTER);
      const publicKey = (await keys.publicKeyForNewAccount(MASTER)).toString();
      const direct = clientFor(local);
      const nonce = async () => (await direct.provider.viewAccessKey({ accountId: MASTER, publicKey })).nonce;
      for (const fault of ["reset", "lostAnswer"] as const) {
        // Only the first send_tx fails; with lostAnswer the node has executed it when the answer is lost.
        let sends = 0;
        const endpoint = await flakyEndpoint(local.url, ({ method }) =>
          method === "send_tx" && ++sends === 1 ? fault : undefined,
        );
        try {
          const before = await nonce();
          const receiverId = `${fault.toLowerCase()}.test.near`;
          const deposit = 3n * 10n ** 24n;
          const chain = clientFor(local, endpoint.url);
          const result = await chain
            .send({ signerId: MASTER, receiverId, actions: [{ type: "CreateAccount" }, { type: "Transfer", deposit }] })
            .catch((error: Error) => error);
          t.is(sends, 2, fault);
          if (fault === "reset") t.true(!(result instanceof Error) && result.ok, String(result));
          // Executed exactly once: one nonce used, one deposit.
          t.is(await nonce(), before + 1n, fault);
          t.is((await direct.accountView(receiverId))?.amount, deposit, fault);
        } finally {
          await endpoint.close();
        }
      }
    });
  },
);

test.serial(
  "a deploy re-run through a flaky endpoint sends nothing: blips do not make done steps look undone",
  async (t) => {
    await withChain(async (local, dir) => {
      // Accounts, contracts, code, registrations, links and exclusions: dozens of "is it done?" reads.
      // (The vault's and the fee router's roles stay: attestors, stages, prices and provider approvals need them.)
      const roles = localSuiteInput.roles.filter((grant) => grant.contract === "@vault" || grant.contract === "@fees");
      const suite = assertValidSuite({ ...localSuiteInput, roles, compute_providers: [], rounds: [] });
      const manifestPath = path.join(dir, "local.json");
      // Default timeouts here: a deploy's views can be slow on a busy machine, and only resets are injected.
      const run = (chain: ChainClient) =>
        deploySuite({ suite, chain, buildDir: DEFAULT_BUILD_DIR, manifestPath, log: () => {} });
      t.true((await run(clientFor(local, local.url, {}))).sent > 0);

      // Every other contract view or state read has its connection reset.
      let reads = 0;
      const endpoint = await flakyEndpoint(local.url, ({ method, params }) => {
        const read = method === "query" && ["call_function", "view_state"].includes(String(params.request_type));
        return read && ++reads % 2 === 0 ? "reset" : undefined;
      });
      try {
        const again = await run(clientFor(local, endpoint.url, { firstDelayMs: 50 }));
        t.true(endpoint.failed > 5);
        t.is(again.sent, 0);
        t.true(again.steps.every((step) => step.status === "done"));
      } finally {
        await endpoint.close();
      }
    });
  },
);

test.serial("credentials in the endpoint URL are used but never shown", async (t) => {
  t.is(redactUrl("https://rpc.testnet.near.org"), "https://rpc.testnet.near.org");
  t.is(redactUrl("https://user:secret@rpc.example.com/v1"), "https://***:***@rpc.example.com/v1");
  t.is(redactUrl("https://rpc.example.com/?apiKey=secret&x=1"), "https://rpc.example.com/?apiKey=***&x=***");
  const noKeys = credentialsKeyStore("testnet", "nobody.testnet", path.join(os.tmpdir(), "modelfund-no-credentials"));

  // user:password@ travels as HTTP Basic authentication (fetch refuses it in the URL).
  await withChain(async (local) => {
    const endpoint = await flakyEndpoint(local.url, () => undefined);
    try {
      const chain = new ChainClient(`http://alice:hunter2@${endpoint.url.slice("http://".length)}`, noKeys, PATIENT);
      t.true(await chain.accountExists(MASTER));
      t.is(endpoint.authorization, `Basic ${Buffer.from("alice:hunter2").toString("base64")}`);
    } finally {
      await endpoint.close();
    }
  });

  const port = await freePort(); // nothing listens there
  const chain = new ChainClient(`http://alice:hunter2@127.0.0.1:${port}/rpc?api_key=SECRETKEY`, noKeys, FAST);
  t.is(chain.rpcUrl, `http://***:***@127.0.0.1:${port}/rpc?api_key=***`);
  const error = await t.throwsAsync(chain.accountExists(MASTER), { instanceOf: RpcUnavailableError });
  t.true(error!.message.includes(chain.rpcUrl), error!.message);
  t.notRegex(`${error!.message} ${error!.url}`, /hunter2|SECRETKEY/);
});

test.serial("a node restarted during the backoff answers the pending read", async (t) => {
  await withChain(async (local) => {
    const port = Number(new URL(local.url).port);
    const chain = clientFor(local, local.url, { attempts: 20, firstDelayMs: 100, maxDelayMs: 1000 });
    await local.stop();
    // The node is down when the read starts, so its first attempt is refused; the restart lands during the backoff.
    const pending = chain.accountView(MASTER);
    shared = await startLocalChain({ home: local.home, port });
    const account = await pending;
    t.truthy(account);
    t.true(account!.amount > 0n);
  });
});

test.serial("a stopped node is an error naming the endpoint after every retry, never 'absent'", async (t) => {
  await withChain(async (local) => {
    const chain = clientFor(local);
    t.true(await chain.accountExists(MASTER));
    local.child.kill("SIGKILL");
    await new Promise((resolve) => local.child.once("exit", resolve));

    const started = performance.now();
    for (const read of [
      () => chain.accountExists("nobody.test.near"),
      () => chain.hasSdkState("token.test.near"),
      () => chain.viewOrUndefined("token.test.near", "ft_total_supply"),
    ]) {
      const error = await t.throwsAsync(read(), { instanceOf: RpcUnavailableError });
      t.is(error!.attempts, FAST.attempts);
      t.true(error!.message.includes(local.url), error!.message);
      t.regex(error!.message, /ECONNREFUSED/);
    }
    // Each read waited 50 + 100 + 200 ms between its four attempts.
    t.true(performance.now() - started >= 3 * 350);
  });
});
