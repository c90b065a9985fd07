/**
 * What every page gets from the shell: the network description, the chain
 * reader, the connected account (null without a wallet) and `sign`, which
 * takes a TxPlan through review, wallet, pending and outcome (tx/TxDialog.tsx)
 * and resolves with the outcome, or null when the user cancelled.
 */
import { createContext, useContext } from "react";
import type { ChainReader } from "./chain/reader.ts";
import type { AppNetwork } from "./network/description.ts";
import type { TxOutcome } from "./tx/outcome.ts";
import type { TxPlan } from "./tx/plan.ts";

export type ChainCheck =
  | { state: "checking" }
  | { state: "ok" }
  | { state: "wrong"; reported: string }
  | { state: "unreachable"; error: string };

export interface AppContextValue {
  network: AppNetwork;
  reader: ChainReader;
  chain: ChainCheck;
  accountId: string | null;
  walletReady: boolean;
  connect(): void;
  disconnect(): Promise<void>;
  sign(plan: TxPlan): Promise<TxOutcome[] | null>;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useApp outside the app shell");
  return value;
}
