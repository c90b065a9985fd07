import type { VMLogic } from "../logic.ts";
import { altBn128Functions } from "./alt-bn128.ts";
import { contextFunctions } from "./context.ts";
import { economicsFunctions } from "./economics.ts";
import { mathFunctions } from "./math.ts";
import { miscellaneousFunctions } from "./miscellaneous.ts";
import { promiseFunctions } from "./promises.ts";
import { registerFunctions } from "./registers.ts";
import { storageFunctions } from "./storage.ts";
import { unsupportedFunctions } from "./unsupported.ts";
import { validatorFunctions, type ValidatorStakes } from "./validator.ts";

export type { ValidatorStakes };

/** Every NEAR host function, by the name a contract imports it under from module "env". */
export function hostFunctions(logic: VMLogic, stakes: ValidatorStakes): Record<string, (...args: never[]) => unknown> {
  return {
    ...registerFunctions(logic),
    ...contextFunctions(logic),
    ...economicsFunctions(logic),
    ...mathFunctions(logic),
    ...altBn128Functions(logic),
    ...miscellaneousFunctions(logic),
    ...promiseFunctions(logic),
    ...storageFunctions(logic),
    ...validatorFunctions(logic, stakes),
    ...unsupportedFunctions(logic),
  };
}
