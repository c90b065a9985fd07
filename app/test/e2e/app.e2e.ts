/**
 * The app in a real browser on the embedded chain: one harness (chain,
 * bundle, Chromium) for every flow, the flows run in order because they
 * share the chain's state and clock.
 */
import test from "ava";
import { registerContributorFlow, registerRoyaltiesStep } from "./contributor-flow.ts";
import { type Harness, startHarness } from "./harness.ts";
import { registerHolderFlow } from "./holder-flow.ts";
import { registerNetworkFlow } from "./network-flow.ts";
import { registerOverviewFlow } from "./overview-flow.ts";
import { registerProviderFlow } from "./provider-flow.ts";

let harness: Harness;

test.before(async (t) => {
  harness = await startHarness((line) => t.log(line));
});

test.after.always(async () => {
  await harness?.close();
});

registerHolderFlow(test, () => harness);
registerNetworkFlow(test, () => harness);
// after the holder's: the overview expects the contributor's claim and reads what every flow left on the chain
registerContributorFlow(test, () => harness);
registerProviderFlow(test, () => harness);
registerRoyaltiesStep(test, () => harness);
registerOverviewFlow(test, () => harness);
