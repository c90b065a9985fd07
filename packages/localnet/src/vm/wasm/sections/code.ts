/**
 * The code section: nearcore's limits and the instrumentation of every
 * function body. In nearcore's order: the defined functions count towards
 * max_functions_number_per_contract (TooManyFunctions) before anything else
 * is checked; then, body by body, max_function_body_size
 * (FunctionBodyTooLarge) and the body's declared locals towards
 * max_locals_per_contract (TooManyLocals), before the body itself is
 * decoded and instrumented (instrument/).
 */

import { Reader, Writer } from "../bytes.ts";
import type { InstrumentationContext } from "../instrument/context.ts";
import { instrumentBody } from "../instrument/body.ts";
import { PrepareRejection, type PrepareLimits } from "../limits.ts";
import { expectSectionEnd, readCount } from "./common.ts";
import { instrumentationGlobals } from "./globals.ts";
import type { DecodedModule, RewriteConfig, SectionReader } from "./state.ts";

/** Locals count towards max_locals_per_contract before the body is validated. */
function countLocals(body: Uint8Array, module: DecodedModule): void {
  const locals = new Reader(body);
  for (let groups = locals.u32(); groups > 0; groups--) {
    module.localBudget -= locals.u32();
    if (module.localBudget < 0) throw new PrepareRejection("TooManyLocals");
    locals.u8();
  }
}

function readBody(reader: Reader, module: DecodedModule, limits: PrepareLimits): Uint8Array {
  const size = reader.u32();
  const body = reader.slice(size);
  if (size > limits.maxFunctionBodySize) throw new PrepareRejection("FunctionBodyTooLarge");
  countLocals(body, module);
  return body;
}

function instrumentationContext(module: DecodedModule, { fees }: RewriteConfig): InstrumentationContext {
  const { types } = module;
  return {
    fees,
    types,
    globals: instrumentationGlobals(module),
    globalTypes: module.globalTypes,
    functionTypes: [...module.importTypes, ...module.functionTypes].map((index) => types[index]),
    chargeCache: new Map(),
  };
}

export const readCodeSection: SectionReader = ({ id, reader, bytes }, module, config) => {
  module.hasCodeSection = true;
  const count = readCount(reader);
  module.functionBudget -= count;
  if (module.functionBudget < 0) throw new PrepareRejection("TooManyFunctions");
  if (count !== module.functionTypes.length) reader.fail("function and code section counts differ");
  const context = instrumentationContext(module, config);
  // Instrumentation adds about half the size of the code.
  const output = new Writer(bytes.length + bytes.length / 2 + 64).u32(count);
  for (let i = 0; i < count; i++) {
    const body = readBody(reader, module, config.limits);
    const instrumented = instrumentBody(body, module.types[module.functionTypes[i]], context);
    output.u32(instrumented.length).bytes(instrumented);
  }
  expectSectionEnd(reader);
  module.keptSections.set(id, output.finish());
};
