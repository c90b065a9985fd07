import { view } from "near-sdk-js";

/** A JavaScript contract whose class lacks @NearBindgen: the build must say so. */
export class Unbound {
  @view({})
  get() {
    return 1;
  }
}
