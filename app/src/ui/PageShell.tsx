/**
 * The frame of a page that loads public data and the connected account's:
 * its title, each failed load as a sentence, a fixed-size skeleton card
 * until the public part is first read (kept while reloading, so nothing
 * jumps after a transaction), then the page's content.
 */
import type { ReactNode } from "react";
import type { Loaded } from "../chain/use-view.ts";
import { ErrorNote, Skeleton } from "./primitives.tsx";

export function PageShell<Public>({
  title,
  data,
  mine,
  children,
}: {
  title: string;
  data: Loaded<Public>;
  mine: Loaded<unknown>;
  children(ready: Public): ReactNode;
}) {
  return (
    <>
      <h1>{title}</h1>
      {data.state === "failed" && <ErrorNote>{data.error}</ErrorNote>}
      {mine.state === "failed" && <ErrorNote>{mine.error}</ErrorNote>}
      {data.state === "loading" && (
        <section className="card skeleton-card" aria-busy="true">
          <Skeleton lines={6} />
        </section>
      )}
      {data.state === "ready" && children(data.value)}
    </>
  );
}
