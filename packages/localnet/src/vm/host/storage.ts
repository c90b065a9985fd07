import { hostErrors } from "../errors.ts";
import type { VMLogic } from "../logic.ts";
import type { TrieNodesTouched } from "../storage.ts";

export function storageFunctions(logic: VMLogic) {
  const { gas, registers, limits, storage } = logic;

  const readKey = (keyLen: bigint, keyPtr: bigint): Uint8Array => {
    const key = logic.readBytes(keyPtr, keyLen);
    const length = BigInt(key.length);
    if (length > limits.maxLengthStorageKey) throw hostErrors.keyLengthExceeded(length, limits.maxLengthStorageKey);
    return key;
  };

  const payTrieNodes = (nodes: TrieNodesTouched) => {
    gas.pay("touching_trie_node", nodes.db);
    gas.pay("read_cached_trie_node", nodes.cached);
  };

  /** Reads a value, charging the trie nodes the lookup touched. */
  const lookup = (key: Uint8Array): Uint8Array | undefined => {
    const { value, nodes } = storage.get(key);
    payTrieNodes(nodes);
    return value;
  };

  /** Each stored record costs its key, its value and a fixed per-record overhead. */
  const recordSize = (key: Uint8Array, value: Uint8Array) =>
    BigInt(key.length) + BigInt(value.length) + limits.storageNumExtraBytesRecord;

  return {
    storage_write(keyLen: bigint, keyPtr: bigint, valueLen: bigint, valuePtr: bigint, registerId: bigint): bigint {
      gas.pay("base");
      logic.requireChangeCall("storage_write");
      gas.pay("storage_write_base");
      const key = readKey(keyLen, keyPtr);
      const value = logic.readBytes(valuePtr, valueLen);
      const valueLength = BigInt(value.length);
      if (valueLength > limits.maxLengthStorageValue)
        throw hostErrors.valueLengthExceeded(valueLength, limits.maxLengthStorageValue);
      gas.pay("storage_write_key_byte", BigInt(key.length));
      gas.pay("storage_write_value_byte", valueLength);
      const evicted = lookup(key);
      storage.set(key, value);
      if (evicted) {
        gas.pay("storage_write_evicted_byte", BigInt(evicted.length));
        logic.storageUsage += valueLength - BigInt(evicted.length);
        registers.write(registerId, evicted);
        return 1n;
      }
      logic.storageUsage += recordSize(key, value);
      return 0n;
    },
    storage_read(keyLen: bigint, keyPtr: bigint, registerId: bigint): bigint {
      gas.pay("base");
      gas.pay("storage_read_base");
      const key = readKey(keyLen, keyPtr);
      gas.pay("storage_read_key_byte", BigInt(key.length));
      const value = lookup(key);
      if (!value) return 0n;
      gas.pay("storage_read_value_byte", BigInt(value.length));
      registers.write(registerId, value);
      return 1n;
    },
    storage_remove(keyLen: bigint, keyPtr: bigint, registerId: bigint): bigint {
      gas.pay("base");
      logic.requireChangeCall("storage_remove");
      gas.pay("storage_remove_base");
      const key = readKey(keyLen, keyPtr);
      gas.pay("storage_remove_key_byte", BigInt(key.length));
      const removed = lookup(key);
      if (!removed) return 0n;
      storage.remove(key);
      gas.pay("storage_remove_ret_value_byte", BigInt(removed.length));
      logic.storageUsage -= recordSize(key, removed);
      registers.write(registerId, removed);
      return 1n;
    },
    storage_has_key(keyLen: bigint, keyPtr: bigint): bigint {
      gas.pay("base");
      gas.pay("storage_has_key_base");
      const key = readKey(keyLen, keyPtr);
      gas.pay("storage_has_key_byte", BigInt(key.length));
      return lookup(key) ? 1n : 0n;
    },
  };
}
