/**
 * The option table of every script, in one place so the tests and the README
 * can be checked against what the scripts actually accept. Each table feeds
 * both the strict parser and `--help` (lib/args.ts); an option a script reads
 * must be declared here or it cannot be passed at all.
 */
import { NETWORKS } from "../config/load.ts";
import type { CommandSpec, FlagOption, IntegerOption, StringOption } from "./args.ts";

const network = {
  type: "string",
  valueName: "NAME",
  required: true,
  choices: NETWORKS,
  description: "the network, and its suite description scripts/config/<NAME>.ts (never assumed: a deploy names it)",
} satisfies StringOption;
const config = {
  type: "string",
  valueName: "FILE",
  description: "a suite description file (.json, or .ts with a default export) instead of the network's",
} satisfies StringOption;
const rpcUrl = {
  type: "string",
  valueName: "URL",
  description: "the RPC endpoint (default: the suite's rpc_url, or the one `npm start -- --keep-running` serves)",
} satisfies StringOption;
const localHome = {
  type: "string",
  valueName: "DIR",
  description: "the local chain's home, holding its validator_key.json (default: .localnet)",
} satisfies StringOption;
const noBuild = { type: "boolean", description: "use the wasm already in the build directory" } satisfies FlagOption;
const rebuild = { type: "boolean", description: "build even when no source changed" } satisfies FlagOption;
const buildDir = {
  type: "string",
  valueName: "DIR",
  description: "where the contracts' wasm is built and read (default: build/)",
} satisfies StringOption;

export const deployCommand = {
  usage: "npm run deploy --",
  summary:
    "Validates the suite description, builds, then sends only the deploy steps the chain shows are not done yet.\nSafe to re-run; an interrupted deploy is finished by running the same command again.",
  options: {
    network,
    config,
    plan: {
      type: "boolean",
      description:
        "read the chain and print what exists, what differs, every transaction with its arguments, the totals, the preflight checks and the plan's hash; send nothing, write nothing, build nothing (exit 1 if the plan cannot be applied)",
    },
    "dry-run": { type: "boolean", description: "the same as --plan" },
    yes: { type: "boolean", description: "apply without asking, only together with the reviewed plan's HASH (below)" },
    "plan-hash": {
      type: "string",
      valueName: "HASH",
      description:
        "apply only if the plan still hashes to HASH (printed by --plan); with --yes, the mainnet confirmation",
    },
    "no-build": noBuild,
    rebuild,
    "build-dir": buildDir,
    "rpc-url": rpcUrl,
    "local-home": localHome,
    manifest: {
      type: "string",
      valueName: "FILE",
      description: "where the deployment record is written (default: deployments/<network>.json)",
    },
    "allow-downgrade": {
      type: "boolean",
      description: "replace a contract's code with an older version (refused otherwise)",
    },
    "break-lock": {
      type: "boolean",
      description: "remove the lock a killed deploy left behind (only when its pid is gone on this host)",
    },
  },
} satisfies CommandSpec;

export const verifyCommand = {
  usage: "npm run verify --",
  summary: "Compares each contract's on-chain code hash with the local build; exits 1 if any differs or is missing.",
  options: {
    network,
    config,
    "no-build": noBuild,
    rebuild,
    "build-dir": buildDir,
    "rpc-url": rpcUrl,
    "local-home": localHome,
  },
} satisfies CommandSpec;

export const statusCommand = {
  usage: "npm run status --",
  summary: "Prints the rounds and their progress, the token's revenue and the balances of every suite account.",
  options: { network, config, "rpc-url": rpcUrl, "local-home": localHome },
} satisfies CommandSpec;

export const handoffCommand = {
  usage: "npm run handoff --",
  summary:
    "After the ownership transfer: deletes the full-access keys of the contract accounts and lists every key file to back up.\nPrints what it would do; it deletes only when told to (below).",
  options: {
    network,
    config,
    "rpc-url": rpcUrl,
    "local-home": localHome,
    yes: { type: "boolean", description: "delete the keys (cannot be undone)" },
    force: {
      type: "boolean",
      description: "delete even while an owner is still an account whose key the scripts hold",
    },
  },
} satisfies CommandSpec;

export const buildCommand = {
  usage: "npm run build --",
  summary:
    "Builds every contract under contracts/ into <build-dir>/<name>.wasm and <name>.abi.json; skipped when nothing changed.",
  options: {
    rebuild,
    "build-dir": buildDir,
    snapshot: {
      type: "boolean",
      description:
        "pre-initialised contracts: QuickJS's start-up runs once at build time (the toolchain's default decides without either flag)",
    },
    "no-snapshot": {
      type: "boolean",
      description: "plain contracts: QuickJS starts up on every call",
    },
  },
} satisfies CommandSpec;

const port = {
  type: "integer",
  valueName: "N",
  min: 1,
  max: 65535,
  description: "the local chain's RPC port (default: a free one, recorded in .localnet/rpc-url while it runs)",
} satisfies IntegerOption;

export const startCommand = {
  usage: "npm start --",
  summary:
    "Builds, starts a fresh local chain in .localnet/, deploys the local suite, plays the demo lifecycle and prints a report.\nExits 0 when every step behaved as expected, 1 naming the first step that did not.",
  options: {
    "keep-running": { type: "boolean", description: "leave the chain up after the report (Ctrl-C stops it)" },
    port,
    "keep-state": { type: "boolean", description: "do not wipe .localnet/ first" },
    "no-build": noBuild,
    rebuild,
    "build-dir": buildDir,
  },
} satisfies CommandSpec;
