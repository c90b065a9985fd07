import { NearBindgen, view } from "near-sdk-js";

@NearBindgen({})
export class TypeError {
  @view({})
  broken(): number {
    return "not a number";
  }
}
