/**
 * Contract panics and wallet refusals as plain sentences. Each entry is keyed
 * by a panic message of the contracts (the `ensure(...)` texts of
 * contracts/sale and contracts/token; a later page adds the vault's and the
 * fee router's), matched as a pattern because the messages carry ids and
 * amounts. An unknown panic is shown as the contract wrote it, after a
 * sentence saying nothing changed: a failed call reverts its receipt.
 */

export interface PanicRule {
  pattern: RegExp;
  sentence: (match: RegExpExecArray) => string;
}

export const HOLDER_PANICS: PanicRule[] = [
  {
    pattern: /Round (\d+) opens at (\d+)/,
    sentence: () => "This round has not opened yet: wait for its start and try again.",
  },
  {
    pattern: /Round (\d+) closed at (\d+)/,
    sentence: () => "This round has closed: purchases are no longer accepted.",
  },
  { pattern: /Round (\d+) was cancelled/, sentence: () => "This round was cancelled: it accepts no purchases." },
  {
    pattern: /Round (\d+) is sold out: hard cap/,
    sentence: () => "This round is sold out: its hard cap has been reached.",
  },
  {
    pattern: /Round (\d+) does not accept (\S+)/,
    sentence: (m) => `This round does not accept ${m[2] === "near" ? "NEAR" : m[2]}.`,
  },
  {
    pattern: /already holds the maximum/,
    sentence: () => "You already hold the most tokens one account may buy in this round.",
  },
  {
    pattern: /Purchase below the minimum of round/,
    sentence: () => "This amount is below the round's minimum purchase per account: pay more.",
  },
  {
    pattern: /is too small to buy one token unit/,
    sentence: () => "This amount is too small to buy any token at the current price.",
  },
  {
    pattern: /does not cover the storage fee/,
    sentence: () => "This amount does not even cover the storage of your first purchase in the round: pay more.",
  },
  {
    pattern: /is not registered on the sale|Storage deposit of \S+ is too low for a record/,
    sentence: () => "Your account needs a storage deposit on the sale before paying with the stablecoin.",
  },
  {
    pattern: /has an allowlist: the purchase needs a proof|is not on the allowlist of round/,
    sentence: () => "This round is limited to an allowlist, and your account is not on it.",
  },
  {
    pattern: /Nothing to claim in round (\d+) now/,
    sentence: () => "Nothing has vested since your last claim: come back later.",
  },
  {
    pattern: /tokens can be claimed only from a successful round after its end/,
    sentence: () => "Tokens can be claimed only after the round has ended successfully.",
  },
  { pattern: /bought nothing in round/, sentence: () => "You bought nothing in this round." },
  { pattern: /has no NEAR revenue to reinvest/, sentence: () => "You have no NEAR revenue to reinvest yet." },
  {
    pattern: /has no (\S+ )?revenue to claim|Nothing to pay out/,
    sentence: () => "You have no revenue to claim yet.",
  },
  {
    pattern: /exceeds the claimable (NEAR )?revenue/,
    sentence: () => "That is more than the revenue you can claim now.",
  },
  {
    pattern: /The account \S+ is not registered/,
    sentence: () => "Your account is not registered on the token: register (storage deposit) first.",
  },
  {
    pattern: /The contract is paused for (\S+)/,
    sentence: (m) => `The contract has paused ${m[1]} for now: try again once it resumes.`,
  },
  {
    pattern: /The attached deposit is less than the minimum storage balance/,
    sentence: () => "The storage deposit is below the contract's minimum.",
  },
  {
    pattern: /More gas is required/,
    sentence: () => "The transaction ran out of gas: it was sent with too little.",
  },
  {
    pattern: /NotEnoughBalance|LackBalanceForState|doesn't have enough balance/i,
    sentence: () => "Your account does not hold enough NEAR for this deposit and its gas.",
  },
];

/** Wallet messages for a refusal by the user (wallet-selector's wallets word it in several ways). */
const REJECTION = /reject|denied|cancel+ed|declined|closed the window|user closed/i;

export interface TranslatedError {
  sentence: string;
  /** The raw text, for the details disclosure. */
  detail: string;
  rejected: boolean;
}

/** The panic text inside a neard failure ("Smart contract panicked: …" without the QuickJS stack). */
export function panicText(raw: string): string {
  const panic = /Smart contract panicked: ([\s\S]*)/.exec(raw);
  const text = panic ? panic[1] : raw;
  return text.split(/\n\s+at /)[0].trim();
}

export function translateError(error: unknown, rules: PanicRule[] = HOLDER_PANICS): TranslatedError {
  const raw = typeof error === "string" ? error : error instanceof Error ? error.message : JSON.stringify(error);
  if (REJECTION.test(raw))
    return {
      sentence: "You rejected the request in your wallet: nothing was signed or sent.",
      detail: raw,
      rejected: true,
    };
  const text = panicText(raw);
  for (const rule of rules) {
    const match = rule.pattern.exec(text);
    if (match) return { sentence: rule.sentence(match), detail: text, rejected: false };
  }
  return {
    sentence: `The transaction failed and changed nothing. The contract said: ${text}`,
    detail: text,
    rejected: false,
  };
}
