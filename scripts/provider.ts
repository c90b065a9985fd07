/**
 * npm run provider -- register|pay|status [options]
 *
 * The provider client (lib/provider-client.ts) for people: register an
 * inference provider on the fee router, pay one period's usage, or print
 * the provider's record and usage. The command line is parsed strictly
 * (node:util parseArgs): an unknown option, a missing value or an unknown
 * command prints the usage and exits 2 before anything is sent. The
 * provider's key comes from NEAR_PROVIDER_SECRET_KEY (never a flag, so it
 * stays out of shell history).
 */
import { parseArgs } from "node:util";
import { Account, JsonRpcProvider, KeyPairSigner, type KeyPairString } from "near-api-js";
import { periodIdOf, ProviderClient, type PayAsset } from "./lib/provider-client.ts";

const USAGE = `usage: npm run provider -- <register|pay|status> --account ID --fees ID [options]

  --rpc-url URL          the node (default http://127.0.0.1:3030)
  --account ID           the provider's account (key: NEAR_PROVIDER_SECRET_KEY)
  --fees ID              the fee router
  --stable ID            the stablecoin (pay --asset stable)
register:  --name NAME --endpoint URL --stages 0,1 [--attestation HEX] [--bond YOCTO] [--storage YOCTO]
pay:       --stage N --requests N --input-tokens N --output-tokens N [--asset near|stable]
           [--period-start ISO] [--period-seconds N] [--tip UNITS | --amount UNITS]
           (--amount pays exactly that instead of the chain's quote; the router refuses less)
status:    [--stages 0,1]`;

const OPTIONS = {
  "rpc-url": { type: "string", default: "http://127.0.0.1:3030" },
  account: { type: "string" },
  fees: { type: "string" },
  stable: { type: "string" },
  name: { type: "string" },
  endpoint: { type: "string" },
  stages: { type: "string" },
  attestation: { type: "string" },
  bond: { type: "string", default: "0" },
  storage: { type: "string", default: "500000000000000000000000" },
  stage: { type: "string" },
  requests: { type: "string", default: "0" },
  "input-tokens": { type: "string", default: "0" },
  "output-tokens": { type: "string", default: "0" },
  asset: { type: "string", default: "near" },
  "period-start": { type: "string" },
  "period-seconds": { type: "string", default: "3600" },
  tip: { type: "string", default: "0" },
  amount: { type: "string" },
  help: { type: "boolean" },
} as const;

class UsageError extends Error {}

function integer(value: string | undefined, name: string): bigint {
  if (value === undefined || !/^(0|[1-9][0-9]*)$/.test(value))
    throw new UsageError(`--${name} must be a non-negative integer`);
  return BigInt(value);
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function stagesOf(value: string | undefined): number[] {
  return required(value, "stages")
    .split(",")
    .map((part) => Number(integer(part.trim(), "stages")));
}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const [command, ...rest] = positionals;
    if (rest.length > 0 || !["register", "pay", "status"].includes(command ?? "")) {
      throw new UsageError(`expected one command: register, pay or status; got ${JSON.stringify(positionals)}`);
    }
    const accountId = required(values.account, "account");
    const feesId = required(values.fees, "fees");
    const secret = process.env.NEAR_PROVIDER_SECRET_KEY;
    if (secret === undefined) throw new UsageError("set NEAR_PROVIDER_SECRET_KEY to the provider's secret key");
    const provider = new JsonRpcProvider({ url: values["rpc-url"] });
    const account = new Account(accountId, provider, KeyPairSigner.fromSecretKey(secret as KeyPairString));
    const client = new ProviderClient(account, feesId, values.stable ?? null);
    if (command === "register") {
      const metadata = {
        name: required(values.name, "name"),
        endpoint: required(values.endpoint, "endpoint"),
        stages: stagesOf(values.stages),
        attestation_digest: values.attestation ?? null,
      };
      await client.register(metadata, integer(values.bond, "bond"), integer(values.storage, "storage"));
      console.log(`registered ${accountId} on ${feesId} (pending approval by the provider manager)`);
      return 0;
    }
    if (command === "pay") {
      const stage = Number(integer(values.stage, "stage"));
      if (values.asset !== "near" && values.asset !== "stable") throw new UsageError("--asset must be near or stable");
      const start = values["period-start"] === undefined ? Date.now() : Date.parse(values["period-start"]);
      if (Number.isNaN(start)) throw new UsageError("--period-start must be an ISO date");
      const periodMs = Number(integer(values["period-seconds"], "period-seconds")) * 1000;
      const periodId = periodIdOf(stage, start, periodMs);
      client.meter.add(stage, {
        requests: integer(values.requests, "requests"),
        input_tokens: integer(values["input-tokens"], "input-tokens"),
        output_tokens: integer(values["output-tokens"], "output-tokens"),
      });
      const tip = integer(values.tip, "tip");
      const amount = values.amount === undefined ? null : integer(values.amount, "amount");
      if (amount !== null && tip !== 0n) throw new UsageError("--amount and --tip exclude each other");
      const outcome = await client.payPeriod(stage, periodId, values.asset as PayAsset, tip, amount);
      console.log(`${outcome.status}: ${periodId} ${outcome.payment.amount} ${outcome.payment.asset}`);
      return 0;
    }
    const stages = values.stages === undefined ? [0, 1, 2, 3, 4, 5, 6] : stagesOf(values.stages);
    console.log(JSON.stringify(await client.status(stages), null, 2));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main().catch((error: Error) => {
  console.error(error.message);
  return 1;
});
