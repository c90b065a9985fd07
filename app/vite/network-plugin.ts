/**
 * The Vite plugin that embeds the network description: `virtual:modelfund/network`
 * exports the AppNetwork of the network being built or served, computed in
 * node from scripts/config (see suite-network.ts). The bundle thus carries
 * plain JSON, never the scripts' node-only modules, and ids come from one place.
 */
import type { Plugin } from "vite";
import type { AppNetwork } from "../src/network/description.ts";

const VIRTUAL_ID = "virtual:modelfund/network";
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

export function networkPlugin(description: AppNetwork): Plugin {
  return {
    name: "modelfund-network",
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load: (id) => (id === RESOLVED_ID ? `export default ${JSON.stringify(description)};` : undefined),
  };
}
