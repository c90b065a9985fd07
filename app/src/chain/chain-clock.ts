/**
 * The chain's time as the pages show it: the block timestamp a view returned
 * (`now_ns`), advanced by the wall time since it was read. Countdowns follow
 * the chain, not the computer's clock, which differs from it (and, on the
 * local chain, by the days the tests fast-forward).
 */
import { useEffect, useState } from "react";
import { NS_PER_MS } from "../format/time.ts";

export interface ChainClock {
  nowNs: bigint;
  readAtMs: number;
}

export function chainClock(nowNs: string): ChainClock {
  return { nowNs: BigInt(nowNs), readAtMs: Date.now() };
}

/** The chain time now, re-rendered every second. */
export function useChainNow(clock: ChainClock | undefined): bigint | undefined {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((tick) => tick + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!clock) return undefined;
  return clock.nowNs + BigInt(Date.now() - clock.readAtMs) * NS_PER_MS;
}
