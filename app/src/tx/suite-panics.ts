/**
 * The vault's and the fee router's panics as plain sentences (the pattern
 * table of tx/errors.ts, for the contributors and providers pages). Patterns
 * follow the `ensure(...)` texts of contracts/vault (claims, storage,
 * payouts) and contracts/fees (providers, payments).
 */
import type { PanicRule } from "./errors.ts";

export const VAULT_PANICS: PanicRule[] = [
  {
    pattern: /Invalid proof: leaf (\d+) of \S+ with (\d+) points is not in the tree of epoch (\d+) of stage (\d+)/,
    sentence: (m) =>
      `This proof does not match epoch ${m[3]} of stage ${m[4]}: the file is not the one the attestors submitted, or not yours. Nothing was claimed.`,
  },
  {
    pattern: /Leaf (\d+) of epoch (\d+) of stage (\d+) is already claimed/,
    sentence: (m) => `You have already claimed epoch ${m[2]} of stage ${m[3]}.`,
  },
  {
    pattern: /Epoch (\d+) of stage (\d+) is in its challenge window/,
    sentence: (m) =>
      `Epoch ${m[1]} of stage ${m[2]} is still in its challenge window: claim once the countdown has ended.`,
  },
  {
    pattern: /Epoch (\d+) of stage (\d+) is not accepted \(([^)]*)\)/,
    sentence: (m) => `Epoch ${m[1]} of stage ${m[2]} cannot be claimed: it is ${m[3]}, not accepted.`,
  },
  {
    pattern: /Stage (\d+) passed its claim deadline/,
    sentence: (m) => `Stage ${m[1]} has passed its claim deadline: its rewards can no longer be claimed.`,
  },
  {
    pattern: /leaf_index must be an integer in/,
    sentence: () => "This proof's leaf index is outside the epoch's tree: the proofs file belongs to another epoch.",
  },
  {
    pattern: /Stage (\d+) requires qualification|Invalid qualification proof/,
    sentence: (m) => `Stage ${m[1] ?? ""} requires qualification from the previous stage, which your account lacks.`,
  },
  {
    pattern: /is not registered on the vault/,
    sentence: () => "Your account needs a storage deposit on the vault before claiming.",
  },
  {
    pattern: /Storage deposit of \S+ is too low for/,
    sentence: () => "Your storage deposit on the vault is too low for this claim's records: add to it and retry.",
  },
  {
    pattern: /Nothing has vested for \S+ beyond what was already withdrawn|has no claimed rewards in the vault/,
    sentence: () => "Nothing more has vested since your last withdrawal: come back later.",
  },
  {
    pattern: /has no (\S+) royalties to claim|has no points in the vault/,
    sentence: () => "You have no royalties to claim in this asset yet.",
  },
];

export const FEES_PANICS: PanicRule[] = [
  {
    pattern: /is already registered as a provider/,
    sentence: () => "This account is already registered as a provider.",
  },
  {
    pattern: /Provider \S+ is (pending|suspended|retired): only active providers pay fees/,
    sentence: (m) => `Your provider registration is ${m[1]}: only active providers can pay fees.`,
  },
  {
    pattern: /Provider \S+ does not serve stage (\d+)/,
    sentence: (m) => `You are not registered to serve stage ${m[1]}.`,
  },
  {
    pattern: /Period (\S+) of stage (\d+) is already paid/,
    sentence: (m) => `Period ${m[1]} of stage ${m[2]} is already paid: nothing was paid twice.`,
  },
  {
    pattern: /Stage (\d+) has no (\S+) price/,
    sentence: (m) => `Stage ${m[1]} has no price in ${m[2] === "near" ? "NEAR" : m[2]}: pay in the other asset.`,
  },
  {
    pattern: /The payment of \S+ \S+ is below the quote/,
    sentence: () => "The payment is below the quote for this usage (the price may have changed): quote again.",
  },
  { pattern: /is not a registered provider/, sentence: () => "This account is not a registered provider." },
  {
    pattern: /The bond \S+ exceeds the attached deposit/,
    sentence: () => "The bond is larger than the NEAR attached.",
  },
  {
    pattern: /metadata\.(\w+) must/,
    sentence: (m) => `The provider's ${m[1]} is not valid: check the form.`,
  },
  {
    pattern: /storage deposit is short by/,
    sentence: () => "The storage attached does not cover your provider record: attach more.",
  },
];
