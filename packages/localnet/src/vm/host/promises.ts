import { hostErrors } from "../errors.ts";
import type { VMLogic } from "../logic.ts";
import type { AccessKeyPermission } from "../receipts.ts";

const decoder = new TextDecoder("utf-8", { fatal: true });

/** A borsh PublicKey: key type 0 (ed25519, 32 bytes) or 1 (secp256k1, 64 bytes). */
function checkPublicKey(bytes: Uint8Array): Uint8Array {
  const expected = bytes[0] === 0 ? 33 : bytes[0] === 1 ? 65 : -1;
  if (bytes.length !== expected) throw hostErrors.invalidPublicKey();
  return bytes;
}

export function promiseFunctions(logic: VMLogic) {
  const { gas, memory, receipts, registers, context, limits } = logic;
  const currentAccount = context.currentAccountId;

  /** A promise's receipt for appending an action, and whether it goes to this account (sender is receiver). */
  const receiptForAction = (promiseIdx: bigint, hostFunction: string) => {
    gas.pay("base");
    logic.requireChangeCall(hostFunction);
    const receipt = receipts.receiptOf(promiseIdx);
    return { receipt, sir: receipts.receiverOf(receipt) === currentAccount };
  };

  const readMethodName = (len: bigint, ptr: bigint): string => {
    const bytes = logic.readBytes(ptr, len);
    if (bytes.length === 0) throw hostErrors.emptyMethodName();
    try {
      return decoder.decode(bytes);
    } catch {
      throw hostErrors.invalidMethodName();
    }
  };

  const newReceipt = (receiverId: string, dependsOn: number[]): bigint => {
    logic.checkPromiseLimit();
    const sir = receiverId === currentAccount;
    gas.payNewReceipt(
      sir,
      dependsOn.map((index) => receipts.receiverOf(index) === currentAccount),
    );
    return receipts.createReceipt(receiverId, dependsOn);
  };

  const functionCall = (
    promiseIdx: bigint,
    methodNameLen: bigint,
    methodNamePtr: bigint,
    argumentsLen: bigint,
    argumentsPtr: bigint,
    amountPtr: bigint,
    gasAttached: bigint,
    gasWeight: bigint | undefined,
    hostFunction: string,
  ) => {
    const { receipt, sir } = receiptForAction(promiseIdx, hostFunction);
    const amount = memory.readU128(amountPtr);
    const methodName = readMethodName(methodNameLen, methodNamePtr);
    const args = logic.readBytes(argumentsPtr, argumentsLen);
    gas.payAction("function_call_base", sir);
    gas.payAction("function_call_byte", sir, BigInt(Buffer.byteLength(methodName) + args.length));
    gas.prepay(gasAttached);
    logic.deductBalance(amount);
    receipts.append(receipt, { type: "FunctionCall", methodName, args, deposit: amount, gas: gasAttached }, gasWeight);
  };

  const functions = {
    promise_batch_create(accountIdLen: bigint, accountIdPtr: bigint): bigint {
      gas.pay("base");
      logic.requireChangeCall("promise_batch_create");
      return newReceipt(logic.readAccountId(accountIdLen, accountIdPtr), []);
    },
    promise_batch_then(promiseIdx: bigint, accountIdLen: bigint, accountIdPtr: bigint): bigint {
      gas.pay("base");
      logic.requireChangeCall("promise_batch_then");
      const accountId = logic.readAccountId(accountIdLen, accountIdPtr);
      const dependsOn = receipts.receiptsOf(promiseIdx);
      const limit = limits.maxNumberInputDataDependencies;
      if (BigInt(dependsOn.length) > limit)
        throw hostErrors.numberInputDataDependenciesExceeded(BigInt(dependsOn.length), limit);
      return newReceipt(accountId, dependsOn);
    },
    promise_and(promiseIdxPtr: bigint, promiseIdxCount: bigint): bigint {
      gas.pay("base");
      logic.requireChangeCall("promise_and");
      gas.pay("promise_and_base");
      gas.pay("promise_and_per_promise", promiseIdxCount);
      const joined = memory.readU64Array(promiseIdxPtr, promiseIdxCount).flatMap((index) => receipts.receiptsOf(index));
      const limit = limits.maxNumberInputDataDependencies;
      if (BigInt(joined.length) > limit)
        throw hostErrors.numberInputDataDependenciesExceeded(BigInt(joined.length), limit);
      logic.checkPromiseLimit();
      return receipts.join(joined);
    },
    promise_create(
      accountIdLen: bigint,
      accountIdPtr: bigint,
      methodNameLen: bigint,
      methodNamePtr: bigint,
      argumentsLen: bigint,
      argumentsPtr: bigint,
      amountPtr: bigint,
      gasAttached: bigint,
    ): bigint {
      const index = functions.promise_batch_create(accountIdLen, accountIdPtr);
      functionCall(
        index,
        methodNameLen,
        methodNamePtr,
        argumentsLen,
        argumentsPtr,
        amountPtr,
        gasAttached,
        undefined,
        "promise_batch_action_function_call",
      );
      return index;
    },
    promise_then(
      promiseIdx: bigint,
      accountIdLen: bigint,
      accountIdPtr: bigint,
      methodNameLen: bigint,
      methodNamePtr: bigint,
      argumentsLen: bigint,
      argumentsPtr: bigint,
      amountPtr: bigint,
      gasAttached: bigint,
    ): bigint {
      const index = functions.promise_batch_then(promiseIdx, accountIdLen, accountIdPtr);
      functionCall(
        index,
        methodNameLen,
        methodNamePtr,
        argumentsLen,
        argumentsPtr,
        amountPtr,
        gasAttached,
        undefined,
        "promise_batch_action_function_call",
      );
      return index;
    },
    promise_batch_action_create_account(promiseIdx: bigint): void {
      const { receipt, sir } = receiptForAction(promiseIdx, "promise_batch_action_create_account");
      gas.payAction("create_account", sir);
      receipts.append(receipt, { type: "CreateAccount" });
    },
    promise_batch_action_deploy_contract(promiseIdx: bigint, codeLen: bigint, codePtr: bigint): void {
      const { receipt, sir } = receiptForAction(promiseIdx, "promise_batch_action_deploy_contract");
      const code = logic.readBytes(codePtr, codeLen);
      const size = BigInt(code.length);
      if (size > limits.maxContractSize) throw hostErrors.contractSizeExceeded(size, limits.maxContractSize);
      gas.payAction("deploy_contract_base", sir);
      gas.payAction("deploy_contract_byte", sir, size);
      receipts.append(receipt, { type: "DeployContract", code });
    },
    promise_batch_action_function_call(
      promiseIdx: bigint,
      methodNameLen: bigint,
      methodNamePtr: bigint,
      argumentsLen: bigint,
      argumentsPtr: bigint,
      amountPtr: bigint,
      gasAttached: bigint,
    ): void {
      functionCall(
        promiseIdx,
        methodNameLen,
        methodNamePtr,
        argumentsLen,
        argumentsPtr,
        amountPtr,
        gasAttached,
        undefined,
        "promise_batch_action_function_call",
      );
    },
    promise_batch_action_function_call_weight(
      promiseIdx: bigint,
      methodNameLen: bigint,
      methodNamePtr: bigint,
      argumentsLen: bigint,
      argumentsPtr: bigint,
      amountPtr: bigint,
      gasAttached: bigint,
      gasWeight: bigint,
    ): void {
      functionCall(
        promiseIdx,
        methodNameLen,
        methodNamePtr,
        argumentsLen,
        argumentsPtr,
        amountPtr,
        gasAttached,
        gasWeight,
        "promise_batch_action_function_call_weight",
      );
    },
    promise_batch_action_transfer(promiseIdx: bigint, amountPtr: bigint): void {
      const { receipt, sir } = receiptForAction(promiseIdx, "promise_batch_action_transfer");
      const amount = memory.readU128(amountPtr);
      gas.payAction("transfer", sir);
      logic.deductBalance(amount);
      receipts.append(receipt, { type: "Transfer", deposit: amount });
    },
    promise_batch_action_stake(
      promiseIdx: bigint,
      amountPtr: bigint,
      publicKeyLen: bigint,
      publicKeyPtr: bigint,
    ): void {
      const { receipt, sir } = receiptForAction(promiseIdx, "promise_batch_action_stake");
      const amount = memory.readU128(amountPtr);
      const publicKey = checkPublicKey(logic.readBytes(publicKeyPtr, publicKeyLen));
      gas.payAction("stake", sir);
      receipts.append(receipt, { type: "Stake", stake: amount, publicKey });
    },
    promise_batch_action_add_key_with_full_access(
      promiseIdx: bigint,
      publicKeyLen: bigint,
      publicKeyPtr: bigint,
      nonce: bigint,
    ): void {
      const { receipt, sir } = receiptForAction(promiseIdx, "promise_batch_action_add_key_with_full_access");
      const publicKey = checkPublicKey(logic.readBytes(publicKeyPtr, publicKeyLen));
      gas.payAction("add_full_access_key", sir);
      receipts.append(receipt, { type: "AddKey", publicKey, nonce, permission: { type: "FullAccess" } });
    },
    promise_batch_action_add_key_with_function_call(
      promiseIdx: bigint,
      publicKeyLen: bigint,
      publicKeyPtr: bigint,
      nonce: bigint,
      allowancePtr: bigint,
      receiverIdLen: bigint,
      receiverIdPtr: bigint,
      methodNamesLen: bigint,
      methodNamesPtr: bigint,
    ): void {
      const { receipt, sir } = receiptForAction(promiseIdx, "promise_batch_action_add_key_with_function_call");
      const publicKey = checkPublicKey(logic.readBytes(publicKeyPtr, publicKeyLen));
      const allowance = memory.readU128(allowancePtr);
      const receiverId = logic.readAccountId(receiverIdLen, receiverIdPtr);
      const namesBytes = logic.readBytes(methodNamesPtr, methodNamesLen);
      let methodNames: string[];
      try {
        methodNames = namesBytes.length === 0 ? [] : decoder.decode(namesBytes).split(",");
      } catch {
        throw hostErrors.invalidMethodName();
      }
      if (methodNames.some((name) => name.length === 0)) throw hostErrors.emptyMethodName();
      gas.payAction("add_function_call_key_base", sir);
      gas.payAction("add_function_call_key_byte", sir, BigInt(namesBytes.length));
      const permission: AccessKeyPermission = {
        type: "FunctionCall",
        allowance: allowance === 0n ? null : allowance,
        receiverId,
        methodNames,
      };
      receipts.append(receipt, { type: "AddKey", publicKey, nonce, permission });
    },
    promise_batch_action_delete_key(promiseIdx: bigint, publicKeyLen: bigint, publicKeyPtr: bigint): void {
      const { receipt, sir } = receiptForAction(promiseIdx, "promise_batch_action_delete_key");
      const publicKey = checkPublicKey(logic.readBytes(publicKeyPtr, publicKeyLen));
      gas.payAction("delete_key", sir);
      receipts.append(receipt, { type: "DeleteKey", publicKey });
    },
    promise_batch_action_delete_account(promiseIdx: bigint, beneficiaryIdLen: bigint, beneficiaryIdPtr: bigint): void {
      const { receipt, sir } = receiptForAction(promiseIdx, "promise_batch_action_delete_account");
      const beneficiaryId = logic.readAccountId(beneficiaryIdLen, beneficiaryIdPtr);
      gas.payAction("delete_account", sir);
      receipts.append(receipt, { type: "DeleteAccount", beneficiaryId });
    },
    promise_results_count(): bigint {
      gas.pay("base");
      logic.requireChangeCall("promise_results_count");
      return BigInt(context.promiseResults.length);
    },
    promise_result(resultIdx: bigint, registerId: bigint): bigint {
      gas.pay("base");
      logic.requireChangeCall("promise_result");
      const result =
        resultIdx < BigInt(context.promiseResults.length) ? context.promiseResults[Number(resultIdx)] : undefined;
      if (!result) throw hostErrors.invalidPromiseResultIndex(resultIdx);
      if (result.status === "NotReady") return 0n;
      if (result.status === "Failed") return 2n;
      registers.write(registerId, result.data);
      return 1n;
    },
    promise_return(promiseIdx: bigint): void {
      gas.pay("base");
      gas.pay("promise_return");
      logic.requireChangeCall("promise_return");
      const indices = receipts.receiptsOf(promiseIdx);
      if (receipts.isJoint(promiseIdx)) throw hostErrors.cannotReturnJointPromise();
      logic.returnData = { kind: "ReceiptIndex", index: indices[0] };
    },
  };
  return functions;
}
