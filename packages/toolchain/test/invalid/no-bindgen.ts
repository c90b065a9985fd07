import { view } from "near-sdk-js";

export class Forgotten {
  @view({})
  hello(): string {
    return "hi";
  }
}
