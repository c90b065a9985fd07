/**
 * When the node the CLI runs loads its contract VM. Loading it holds the
 * event loop for tens of milliseconds; started as soon as the node opens, it
 * would delay the answer to a client's first request (near-workspaces'
 * readiness probe, a `block` read, which needs no VM). So the load starts
 * once the first answer has been sent, or after `idleMs` without one. A
 * request that needs the VM before then starts the load itself
 * (Node.loadVm, src/rpc/server.ts), so nothing waits on this timer.
 */
import type http from "node:http";

/**
 * near-workspaces' readiness poll interval: its probe comes at most this long
 * after the node opened, and is answered before the load takes the loop.
 */
export const VM_LOAD_IDLE_MS = 250;

/**
 * Starts `node.loadVm()` after the first response of `server` is sent, or of
 * `heldResponse` (a request that came before the node was open, answered
 * first), or after `idleMs`, whichever comes first.
 */
export function loadVmWhenIdle(
  server: http.Server,
  node: { loadVm(): Promise<unknown> },
  heldResponse?: http.ServerResponse,
  idleMs = VM_LOAD_IDLE_MS,
): void {
  const timer = setTimeout(() => void node.loadVm(), idleMs);
  const afterAnswer = (res: http.ServerResponse) =>
    res.once("finish", () => {
      clearTimeout(timer);
      void node.loadVm();
    });
  if (heldResponse) afterAnswer(heldResponse);
  else server.once("request", (_req: http.IncomingMessage, res: http.ServerResponse) => afterAnswer(res));
}
