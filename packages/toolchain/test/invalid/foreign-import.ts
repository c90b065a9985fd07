import { NearBindgen, view } from "near-sdk-js";
import { readFileSync } from "node:fs";

@NearBindgen({})
export class ForeignImport {
  @view({})
  read(): string {
    return readFileSync("/etc/hostname", "utf8");
  }
}
