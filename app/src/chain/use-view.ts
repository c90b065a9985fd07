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

/**
 * A page's two loads: what every visitor sees (read once) and what only the connected account sees (read again
 * when the account changes, so connecting after the first paint does not read the public part twice). `refresh`
 * reloads both, as pages do after a transaction.
 */
export function usePageData<Public, Mine>(
  loadPublic: () => Promise<Public>,
  loadMine: () => Promise<Mine>,
  accountId: string | null,
) {
  const { data, reload } = useLoad(loadPublic, []);
  const { data: mine, reload: reloadMine } = useLoad(loadMine, [accountId]);
  const refresh = useCallback(() => {
    reload();
    reloadMine();
  }, [reload, reloadMine]);
  return {
    data,
    mine,
    ready: data.state === "ready" ? data.value : null,
    me: mine.state === "ready" ? mine.value : null,
    reload,
    reloadMine,
    refresh,
  };
}
