import { NearBindgen, view } from "near-sdk-js";

@NearBindgen({})
export class Uninitialized {
  owner: string;

  @view({})
  get_owner(): string {
    return this.owner;
  }
}
