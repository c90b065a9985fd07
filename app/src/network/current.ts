/** The description of the network this bundle was built for (embedded at build time by vite/network-plugin.ts). */
import description from "virtual:modelfund/network";
import type { AppNetwork } from "./description.ts";

export const currentNetwork: AppNetwork = description;
