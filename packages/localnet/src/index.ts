/** @modelfund/near-localnet: the contract VM and the local chain. */
export * from "./vm/index.ts";
