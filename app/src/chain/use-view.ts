/**
 * Loading a page's data: `useLoad(page, load, deps)` runs `load` with the
 * page's name for the RPC count, keeps the last good value while reloading
 * (no flash back to a skeleton after a transaction), and gives the error as
 * a sentence. `reload()` refetches, e.g. after a transaction's outcome.
 */
import { useCallback, useEffect, useState } from "react";

export type Loaded<T> = { state: "loading" } | { state: "ready"; value: T } | { state: "failed"; error: string };

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: Loaded<T>; reload: () => void } {
  const [data, setData] = useState<Loaded<T>>({ state: "loading" });
  const [generation, setGeneration] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what `load` reads.
  useEffect(() => {
    let live = true;
    load().then(
      (value) => live && setData({ state: "ready", value }),
      (error: Error) => live && setData({ state: "failed", error: `Could not read the chain: ${error.message}` }),
    );
    return () => {
      live = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, reload };
}
