// Types of what the build injects (vite.config.ts).
declare module "virtual:modelfund/network" {
  const description: import("./network/description.ts").AppNetwork;
  export default description;
}

/** True only in builds for the local network: the development wallet exists nowhere else. */
declare const __DEV_WALLET__: boolean;
