/**
 * The cross-field rules of the inference-fee router's part of a suite
 * description (fee-router contracts, the `fees` section, their roles and
 * registrations), called from checkSuite.
 *
 * Each rule mirrors a refusal of the router (bps not summing to 10,000, a
 * protocol share without a protocol account, a stablecoin price on a router
 * without stablecoin, a price effective before its notice) or a mistake the
 * router cannot see but that would strand money: a destination not
 * registered on the stablecoin (its forwards would fail for ever), a token
 * that does not take the router's stablecoin as revenue, a vault taking
 * royalties in another one, a provider serving a stage without a price.
 * So a bad description is rejected, at its path, before anything is sent.
 *
 * Runs also on a description that failed the shape check (best effort), so
 * it reads every field defensively.
 */
import type { FeeSplit, Moment, SuiteConfig } from "./schema.ts";
import { roleSignerRef } from "./validate-vault.ts";

/** The router's bound (contracts/fees/constants.ts MAX_PRICE_NOTICE_NS): 90 days. */
export const MAX_PRICE_NOTICE_S = 90 * 24 * 3600;
/** Providers need time to see a price change before it binds them; on mainnet at least a day. */
export const MIN_PRICE_NOTICE_S: Record<SuiteConfig["network"], number> = { local: 0, testnet: 0, mainnet: 24 * 3600 };
const SPLIT_KEYS = ["holders_bps", "contributors_bps", "reserve_bps", "protocol_bps"] as const;

export function checkFees(config: SuiteConfig): string[] {
  const problems: string[] = [];
  const problem = (path: string, message: string) => problems.push(`${path}: ${message}`);
  const contracts = config.contracts ?? {};
  const names = new Set([...Object.keys(config.accounts ?? {}), ...Object.keys(contracts)]);
  const entryOf = (ref: string | null | undefined) =>
    ref?.startsWith("@") ? contracts[ref.slice(1)]?.init : undefined;
  const resolves = (ref: string) => !ref.startsWith("@") || names.has(ref.slice(1));
  const checkRef = (path: string, ref: string | null | undefined) => {
    if (typeof ref === "string" && !resolves(ref)) problem(path, `${ref} names no entry of accounts or contracts`);
  };
  /** NEP-145 registration: listed in storage_registrations, or allocated by a suite token (its init registers). */
  const registeredOn = (token: string, account: string) => {
    if ((config.storage_registrations ?? []).some((r) => r.contract === token && r.account === account)) return true;
    const init = entryOf(token);
    return init?.kind === "token" && (init.allocations ?? []).some((a) => a.account === account);
  };
  const checkSplit = (path: string, split: FeeSplit | undefined, protocol: string | null | undefined) => {
    if (!split) return;
    const sum = SPLIT_KEYS.reduce((total, key) => total + (typeof split[key] === "number" ? split[key] : 0), 0);
    if (sum !== 10_000) problem(path, `basis points add up to ${sum}, not 10000`);
    if (split.protocol_bps > 0 && !protocol)
      problem(`${path}.protocol_bps`, "is positive but the router has no protocol account");
  };

  const routers = new Map<string, { stablecoin: string | null; protocol: string | null; noticeS: number }>();
  for (const [name, entry] of Object.entries(contracts)) {
    const init = entry.init;
    if (init?.kind !== "fees") continue;
    const path = `contracts.${name}.init`;
    const self = `@${name}`;
    routers.set(self, { stablecoin: init.stablecoin, protocol: init.protocol, noticeS: init.price_notice_s });
    checkRef(`${path}.token`, init.token);
    if (init.token.startsWith("@") && resolves(init.token) && entryOf(init.token)?.kind !== "token")
      problem(`${path}.token`, `${init.token} must be a contract of kind "token"`);
    checkRef(`${path}.vault`, init.vault);
    if (init.vault.startsWith("@") && resolves(init.vault) && entryOf(init.vault)?.kind !== "vault")
      problem(`${path}.vault`, `${init.vault} must be a contract of kind "vault"`);
    checkRef(`${path}.reserve`, init.reserve);
    checkRef(`${path}.protocol`, init.protocol);
    checkSplit(`${path}.split`, init.split, init.protocol);
    if (init.price_notice_s > MAX_PRICE_NOTICE_S) problem(`${path}.price_notice_s`, "must be at most 90 days");
    const minNotice = MIN_PRICE_NOTICE_S[config.network] ?? 0;
    if (init.price_notice_s < minNotice)
      problem(
        `${path}.price_notice_s`,
        `must be at least ${minNotice} s on ${config.network} (providers see a price before it binds them)`,
      );
    const stable = init.stablecoin;
    if (stable === null) continue;
    checkRef(`${path}.stablecoin`, stable);
    if (stable === init.token) problem(`${path}.stablecoin`, "must differ from the token");
    const token = entryOf(init.token);
    if (token?.kind === "token" && token.revenue_token !== stable)
      problem(
        `${path}.stablecoin`,
        `${init.token} takes revenue in ${token.revenue_token ?? "NEAR only"}, not ${stable}: the holders' stablecoin shares would be refused`,
      );
    const vault = entryOf(init.vault);
    if (vault?.kind === "vault" && vault.stablecoin !== stable)
      problem(
        `${path}.stablecoin`,
        `${init.vault} takes royalties in ${vault.stablecoin ?? "NEAR only"}, not ${stable}: the contributors' stablecoin shares would be refused`,
      );
    const receivers: Array<[string, string, string]> = [
      [self, "the router", "to receive fees in it"],
      [init.token, "the token", "to receive the holders' shares"],
      [init.reserve, "the reserve", "to receive its shares"],
    ];
    // The vault's own registration on its stablecoin (the same one, checked above) is a rule of validate-vault.ts.
    if (init.protocol !== null) receivers.push([init.protocol, "the protocol account", "to receive its shares"]);
    for (const [account, what, why] of receivers) {
      if (!registeredOn(stable, account))
        problem(
          `${path}.stablecoin`,
          `${what} ${account} must be registered on ${stable} (storage_registrations) ${why}`,
        );
    }
  }

  // provider_manager exists only on routers.
  (config.roles ?? []).forEach((grant, i) => {
    if (grant.role === "provider_manager" && resolves(grant.contract) && entryOf(grant.contract)?.kind !== "fees")
      problem(`roles.${i}.role`, `provider_manager is a role of fee-router contracts only, not of ${grant.contract}`);
  });

  const section = config.fees;
  if (!section) return problems;
  checkRef("fees.router", section.router);
  const router = routers.get(section.router);
  if (!router) {
    if (resolves(section.router)) problem("fees.router", `${section.router} must be a contract of kind "fees"`);
    return problems;
  }
  const needsSigner = (role: string, path: string, what: string) => {
    if (roleSignerRef(config, section.router, role) === undefined)
      problem(
        path,
        `${what} needs a ${role} role on ${section.router} held by the master or a suite account (the scripts sign as it)`,
      );
  };

  const priced = new Set<number>();
  const seen = new Set<number>();
  (section.stages ?? []).forEach((stage, i) => {
    const path = `fees.stages.${i}`;
    if (seen.has(stage.stage)) problem(`${path}.stage`, `stage ${stage.stage} is described twice`);
    seen.add(stage.stage);
    checkSplit(`${path}.split`, stage.split, router.protocol);
    const price = stage.price;
    if (!price) return;
    if (!price.near && !price.stable) problem(`${path}.price`, "needs a near part, a stable part or both");
    if (price.stable && router.stablecoin === null)
      problem(`${path}.price.stable`, `${section.router} has no stablecoin: set only the near price`);
    if (price.near || price.stable) priced.add(stage.stage);
    checkEffective(`${path}.price.effective`, price.effective, router.noticeS);
  });
  if (priced.size > 0) needsSigner("config", "fees.stages", "setting prices");

  const providers = new Set<string>();
  (section.providers ?? []).forEach((provider, i) => {
    const path = `fees.providers.${i}`;
    checkRef(`${path}.account`, provider.account);
    if (providers.has(provider.account)) problem(`${path}.account`, `${provider.account} is listed twice`);
    providers.add(provider.account);
    (provider.stages ?? []).forEach((stage, j) => {
      if (!priced.has(stage))
        problem(`${path}.stages.${j}`, `stage ${stage} has no price in fees.stages: the provider could not pay`);
    });
  });
  if (providers.size > 0) needsSigner("provider_manager", "fees.providers", "approving providers");
  return problems;

  /** An absolute time is checked against the chain when the price is sent (drift-fees.ts): once in force it is past. */
  function checkEffective(path: string, moment: Moment | undefined, noticeS: number) {
    if (!moment || "at" in moment) return;
    if (config.network === "mainnet") problem(path, "mainnet needs an absolute time ({at: ISO date})");
    if (moment.after_s < noticeS)
      problem(`${path}.after_s`, `must be at least the router's price notice (${noticeS} s)`);
  }
}
