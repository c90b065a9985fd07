/**
 * `near-sandbox run`: serves a home's chain on JSON-RPC until killed. The
 * port is listened on first, before the chain, the database and the VM
 * load, and requests that arrive meanwhile are held and answered once the
 * node is open (near-workspaces' readiness poll waits 250 ms after each
 * refused connection). Every heavy module is imported inside run(), so
 * loading this file costs almost nothing.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { genesisFromJson } from "../chain/genesis.ts";
import { loadVmWhenIdle } from "./vm-load.ts";

function splitAddr(addr: string): { host: string; port: number } {
  const at = addr.lastIndexOf(":");
  return { host: addr.slice(0, at) || "0.0.0.0", port: Number(addr.slice(at + 1)) };
}

/**
 * With LOCALNET_STARTUP_TRACE set, each startup phase is written to stderr
 * with the time since the process started and the CPU used so far: under load
 * the wall time says little, and the CPU time says where the work goes.
 */
function phase(label: string): void {
  if (!process.env.LOCALNET_STARTUP_TRACE) return;
  const cpu = process.cpuUsage();
  console.error(
    `near-sandbox: startup: ${label} at ${performance.now().toFixed(0)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`,
  );
}

/** Resolves once `server` listens on host:port. */
function listen(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/**
 * Serves the home's chain on `rpcAddr`. The port is listened on first, before
 * the chain, the database and the VM are loaded: near-workspaces asks a new
 * node for a block every 250 ms and waits the next 250 ms whenever the
 * connection is refused, so a connection accepted while the node loads (and
 * answered as soon as it is open) saves up to one whole poll interval.
 */
export async function run(home: string, rpcAddr: string, blockIntervalMs?: number): Promise<void> {
  phase("run");
  const genesisFile = path.join(home, "genesis.json");
  if (!fs.existsSync(genesisFile))
    throw new Error(`${genesisFile} does not exist; run \`near-sandbox --home ${home} init\` first`);
  const { host, port } = splitAddr(rpcAddr);
  const server = http.createServer();
  const early: Array<[http.IncomingMessage, http.ServerResponse]> = [];
  const hold: http.RequestListener = (req, res) => early.push([req, res]);
  server.on("request", hold);
  await listen(server, host, port);
  phase("listening");
  // lmdb's value encoder (msgpackr) looks for its native extension when loaded; this node stores raw bytes
  // (src/store/binary.ts) and never decodes msgpack, so that search is skipped.
  process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED ??= "true";
  // Loaded here, so that `init` does not pay for the chain, the RPC server and the VM.
  const { serve } = await import("../rpc/server.ts");
  const { openNode } = await import("./persistence.ts");
  phase("modules loaded");
  const genesis = genesisFromJson(JSON.parse(fs.readFileSync(genesisFile, "utf8")));
  let opened: Awaited<ReturnType<typeof openNode>>;
  try {
    // The VM loads after the node answers its first requests (near-workspaces' readiness poll reads a block).
    opened = await openNode(path.join(home, "data"), genesis, rpcAddr, home, { vmInBackground: true });
  } catch (error) {
    server.close();
    throw error;
  }
  const { node, close } = opened;
  phase("node open");
  const listener = serve(server, node, { blockIntervalMs });
  loadVmWhenIdle(server, node, early[0]?.[1]);
  void node.vmLoaded.then(() => phase("vm loaded"));
  server.off("request", hold);
  for (const [req, res] of early.splice(0)) listener(req, res);
  console.error(
    `near-sandbox (@modelfund/near-localnet) serving JSON-RPC on ${host}:${port}, home ${home}, height ${node.chain.head.height}, ready after ${Math.round(performance.now())} ms`,
  );
  const stop = () => {
    close();
    server.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
