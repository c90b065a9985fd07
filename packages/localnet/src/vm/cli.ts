import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { defaultContext, type VMContext } from "./context.ts";
import { runContract, type VMOutcome } from "./runner.ts";
import { MapStorage } from "./storage.ts";

const USAGE = `usage: vm --wasm FILE --method NAME [--args JSON] [--context FILE] [--state FILE]
  --context FILE  JSON with any VMContext fields (amounts and gas as decimal strings, bytes as base64)
  --state FILE    JSON object of base64 key -> base64 value`;

const BIGINT_FIELDS = [
  "blockHeight",
  "blockTimestamp",
  "epochHeight",
  "accountBalance",
  "accountLockedBalance",
  "storageUsage",
  "attachedDeposit",
  "prepaidGas",
] as const;
const BYTES_FIELDS = ["signerAccountPk", "input", "randomSeed"] as const;

function contextFromJson(json: Record<string, unknown>): Partial<VMContext> {
  const context: Record<string, unknown> = { ...json };
  for (const field of BIGINT_FIELDS) if (field in json) context[field] = BigInt(json[field] as string);
  for (const field of BYTES_FIELDS) if (field in json) context[field] = Buffer.from(json[field] as string, "base64");
  return context as Partial<VMContext>;
}

/** The outcome as one JSON object, in near-vm-runner-standalone's spirit and neard's field names. */
export function outcomeJson(outcome: VMOutcome): Record<string, unknown> {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  return {
    gas_burnt: outcome.burntGas.toString(),
    gas_used: outcome.usedGas.toString(),
    logs: outcome.logs,
    ...(outcome.returnData.kind === "Value" ? { return_data: base64(outcome.returnData.data) } : {}),
    ...(outcome.returnData.kind === "ReceiptIndex" ? { return_receipt_index: outcome.returnData.index } : {}),
    ...(outcome.error ? { error: { message: outcome.error.message, ...outcome.error.json } } : {}),
    gas_profile: outcome.gasProfile,
    balance: outcome.balance.toString(),
    storage_usage: outcome.storageUsage.toString(),
    storage_changes: outcome.storageChanges.map(({ key, value }) => ({
      key: base64(key),
      value: value && base64(value),
    })),
    receipts: outcome.receipts.map((receipt) => ({
      receiver_id: receipt.receiverId,
      depends_on: receipt.dependsOn,
      actions: receipt.actions.map((action) =>
        JSON.parse(
          JSON.stringify(action, (_, value) =>
            typeof value === "bigint" ? value.toString() : value instanceof Uint8Array ? base64(value) : value,
          ),
        ),
      ),
    })),
  };
}

function parseCli(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      wasm: { type: "string" },
      method: { type: "string" },
      args: { type: "string", default: "" },
      context: { type: "string" },
      state: { type: "string" },
    },
  });
}

export function main(argv: string[]): number {
  let values: ReturnType<typeof parseCli>["values"];
  try {
    ({ values } = parseCli(argv));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!values.wasm || values.method === undefined) {
    console.error(USAGE);
    return 2;
  }
  const contextJson = values.context ? JSON.parse(readFileSync(values.context, "utf8")) : {};
  const stateJson: Record<string, string> = values.state ? JSON.parse(readFileSync(values.state, "utf8")) : {};
  const outcome = runContract({
    code: readFileSync(values.wasm),
    method: values.method,
    context: defaultContext({ input: Buffer.from(values.args, "utf8"), ...contextFromJson(contextJson) }),
    storage: MapStorage.from(
      Object.entries(stateJson).map(([k, v]) => [Buffer.from(k, "base64"), Buffer.from(v, "base64")]),
    ),
  });
  console.log(JSON.stringify(outcomeJson(outcome)));
  return outcome.error ? 1 : 0;
}
