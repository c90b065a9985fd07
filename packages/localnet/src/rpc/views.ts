/**
 * neard's JSON views of chain objects (nearcore core/primitives/src/views.rs):
 * snake_case keys, hashes in base58, bytes in base64, balances as decimal
 * strings, gas as numbers.
 */
import { chunkHash, type Block, type Chain, type TransactionRecord } from "../chain/chain.ts";
import type { ChainAction } from "../chain/economics.ts";
import { base58, base64, publicKeyFromBorsh, sha256 } from "../chain/encoding.ts";
import type { Genesis } from "../chain/genesis.ts";
import type { Receipt } from "../chain/receipts.ts";
import type { ExecutionOutcome } from "../chain/runtime.ts";
import type { AccessKey, AccountRecord } from "../chain/state.ts";
import type { AccessKeyPermission } from "../vm/receipts.ts";
import { PROTOCOL_VERSION } from "../vm/runtime-parameters.ts";
import type { TxExecutionStatus } from "near-api-js";
import type {
  AccessKeyJson,
  AccountJson,
  ActionView,
  BlockView,
  ChunkHeaderView,
  FinalOutcomeView,
  FinalStatusView,
  OutcomeStatusView,
  OutcomeView,
  PermissionView,
  ReceiptView,
  TransactionView,
} from "./view-types.ts";

const ZERO = "11111111111111111111111111111111";
const NO_SIGNATURE = "ed25519:1111111111111111111111111111111111111111111111111111111111111111";

export function permissionView(permission: AccessKeyPermission): PermissionView {
  if (permission.type === "FullAccess") return "FullAccess";
  return {
    FunctionCall: {
      allowance: permission.allowance === null ? null : permission.allowance.toString(),
      receiver_id: permission.receiverId,
      method_names: permission.methodNames,
    },
  };
}

export function accessKeyView(key: AccessKey): AccessKeyJson {
  return { nonce: Number(key.nonce), permission: permissionView(key.permission) };
}

export function accountView(account: AccountRecord): AccountJson {
  return {
    amount: account.amount.toString(),
    locked: account.locked.toString(),
    code_hash: base58(account.codeHash),
    storage_usage: Number(account.storageUsage),
    storage_paid_at: 0,
  };
}

export function actionView(action: ChainAction): ActionView {
  switch (action.type) {
    case "CreateAccount":
      return "CreateAccount";
    case "DeployContract":
      return { DeployContract: { code: base64(sha256(action.code)) } };
    case "FunctionCall":
      return {
        FunctionCall: {
          method_name: action.methodName,
          args: base64(action.args),
          gas: Number(action.gas),
          deposit: action.deposit.toString(),
        },
      };
    case "Transfer":
      return { Transfer: { deposit: action.deposit.toString() } };
    case "Stake":
      return { Stake: { stake: action.stake.toString(), public_key: publicKeyFromBorsh(action.publicKey) } };
    case "AddKey":
      return {
        AddKey: {
          public_key: publicKeyFromBorsh(action.publicKey),
          access_key: { nonce: Number(action.nonce), permission: permissionView(action.permission) },
        },
      };
    case "DeleteKey":
      return { DeleteKey: { public_key: publicKeyFromBorsh(action.publicKey) } };
    case "DeleteAccount":
      return { DeleteAccount: { beneficiary_id: action.beneficiaryId } };
    case "Delegate":
      return {
        Delegate: {
          delegate_action: {
            sender_id: action.delegateAction.senderId,
            receiver_id: action.delegateAction.receiverId,
            actions: action.delegateAction.actions.map(actionView),
            nonce: Number(action.delegateAction.nonce),
            max_block_height: Number(action.delegateAction.maxBlockHeight),
            public_key: action.delegateAction.publicKey,
          },
          signature: action.signature,
        },
      };
  }
}

export function outcomeView(outcome: ExecutionOutcome): OutcomeView {
  let status: OutcomeStatusView;
  switch (outcome.status.type) {
    case "SuccessValue":
      status = { SuccessValue: base64(outcome.status.value) };
      break;
    case "SuccessReceiptId":
      status = { SuccessReceiptId: base58(outcome.status.receiptId) };
      break;
    case "Failure":
      status = { Failure: outcome.status.error };
      break;
  }
  return {
    proof: [],
    block_hash: base58(outcome.blockHash),
    id: base58(outcome.id),
    outcome: {
      logs: outcome.logs,
      receipt_ids: outcome.receiptIds.map(base58),
      gas_burnt: Number(outcome.gasBurnt),
      tokens_burnt: outcome.tokensBurnt.toString(),
      executor_id: outcome.executorId,
      status,
      metadata:
        outcome.profile === null ? { version: 1, gas_profile: null } : { version: 3, gas_profile: outcome.profile },
    },
  };
}

export function transactionView(record: TransactionRecord): TransactionView {
  const { tx } = record;
  return {
    signer_id: tx.signerId,
    public_key: tx.publicKey,
    nonce: Number(tx.nonce),
    receiver_id: tx.receiverId,
    actions: tx.actions.map(actionView),
    priority_fee: 0,
    signature: tx.signature,
    hash: base58(tx.hash),
  };
}

export function receiptView(receipt: Receipt): ReceiptView {
  const body = receipt.body;
  const inner =
    body.type === "Data"
      ? {
          Data: {
            data_id: base58(body.dataId),
            data: body.data === null ? null : base64(body.data),
            is_promise_resume: false,
          },
        }
      : {
          Action: {
            signer_id: body.signerId,
            signer_public_key: body.signerPublicKey,
            gas_price: body.gasPrice.toString(),
            output_data_receivers: body.outputDataReceivers.map((r) => ({
              data_id: base58(r.dataId),
              receiver_id: r.receiverId,
            })),
            input_data_ids: body.inputDataIds.map(base58),
            actions: body.actions.map(actionView),
            is_promise_yield: false,
          },
        };
  return {
    predecessor_id: receipt.predecessorId,
    receiver_id: receipt.receiverId,
    receipt_id: base58(receipt.receiptId),
    receipt: inner,
    priority: 0,
  };
}

/** FinalExecutionStatus: follow SuccessReceiptId links from the transaction (neard's get_execution_status). */
function finalStatus(txOutcome: ExecutionOutcome, outcomes: ExecutionOutcome[]): FinalStatusView {
  let lookingFor = txOutcome.status.type === "SuccessReceiptId" ? base58(txOutcome.status.receiptId) : "";
  for (const outcome of outcomes) {
    if (base58(outcome.id) !== lookingFor) continue;
    if (outcome.status.type === "Failure") return { Failure: outcome.status.error };
    if (outcome.status.type === "SuccessValue") return { SuccessValue: base64(outcome.status.value) };
    lookingFor = base58(outcome.status.receiptId);
  }
  return "Started";
}

/**
 * How far the transaction has got, in neard's TxExecutionStatus terms: its
 * receipts all executed or not, and the blocks holding them final or not.
 */
function executionStatus(chain: Chain, record: TransactionRecord, outcomes: ExecutionOutcome[]): TxExecutionStatus {
  const finalHeight = chain.finalBlock().height;
  const heightOf = (outcome: ExecutionOutcome) =>
    chain.blockByHash(base58(outcome.blockHash))?.height ?? finalHeight + 1n;
  const included = heightOf(record.outcome) <= finalHeight;
  if (!chain.isComplete(record)) return included ? "INCLUDED_FINAL" : "INCLUDED";
  const newest = outcomes.reduce(
    (max, outcome) => (heightOf(outcome) > max ? heightOf(outcome) : max),
    heightOf(record.outcome),
  );
  if (newest <= finalHeight) return "FINAL";
  return included ? "EXECUTED" : "EXECUTED_OPTIMISTIC";
}

/** The tx result as broadcast_tx_commit / send_tx / tx return it. */
export function finalOutcomeView(chain: Chain, record: TransactionRecord, withReceipts: boolean): FinalOutcomeView {
  const outcomes = chain.receiptOutcomes(record);
  const view: FinalOutcomeView = {
    final_execution_status: executionStatus(chain, record, outcomes),
    status: finalStatus(record.outcome, outcomes),
    transaction: transactionView(record),
    transaction_outcome: outcomeView(record.outcome),
    receipts_outcome: outcomes.map(outcomeView),
  };
  if (withReceipts) {
    view.receipts = outcomes
      .map((o) => chain.receipts.get(base58(o.id)))
      .filter((r) => r !== undefined)
      .map(receiptView);
  }
  return view;
}

/** Defined with the chain, which indexes blocks by it. */
export { chunkHash };

export function chunkHeaderView(block: Block, genesis: Genesis): ChunkHeaderView {
  return {
    chunk_hash: base58(chunkHash(block)),
    prev_block_hash: base58(block.prevHash),
    outcome_root: ZERO,
    prev_state_root: base58(block.stateRoot),
    encoded_merkle_root: ZERO,
    encoded_length: 8,
    height_created: Number(block.height),
    height_included: Number(block.height),
    shard_id: 0,
    gas_used: Number(block.gasUsed),
    gas_limit: Number(genesis.gasLimit),
    rent_paid: "0",
    validator_reward: "0",
    balance_burnt: block.balanceBurnt.toString(),
    outgoing_receipts_root: ZERO,
    tx_root: ZERO,
    validator_proposals: [],
    congestion_info: { delayed_receipts_gas: "0", buffered_receipts_gas: "0", receipt_bytes: 0, allowed_shard: 0 },
    bandwidth_requests: null,
    signature: NO_SIGNATURE,
  };
}

export function blockView(block: Block, genesis: Genesis, chain: Chain): BlockView {
  const prev = chain.blockByHash(base58(block.prevHash));
  return {
    author: genesis.validator.accountId,
    header: {
      height: Number(block.height),
      prev_height: prev ? Number(prev.height) : null,
      epoch_id: base58(block.epochId),
      next_epoch_id: base58(block.nextEpochId),
      hash: base58(block.hash),
      prev_hash: base58(block.prevHash),
      prev_state_root: base58(block.stateRoot),
      block_body_hash: base58(sha256(Buffer.concat([Buffer.from("body"), block.hash]))),
      chunk_receipts_root: ZERO,
      chunk_headers_root: ZERO,
      chunk_tx_root: ZERO,
      outcome_root: ZERO,
      chunks_included: 1,
      challenges_root: ZERO,
      timestamp: Number(block.timestamp),
      timestamp_nanosec: block.timestamp.toString(),
      random_value: base58(block.randomValue),
      validator_proposals: [],
      chunk_mask: [true],
      gas_price: block.gasPrice.toString(),
      block_ordinal: Number(block.height - genesis.genesisHeight + 1n),
      rent_paid: "0",
      validator_reward: "0",
      total_supply: block.totalSupply.toString(),
      challenges_result: [],
      last_final_block: base58(block.lastFinalHash),
      last_ds_final_block: base58(block.lastDsFinalHash),
      next_bp_hash: ZERO,
      block_merkle_root: ZERO,
      epoch_sync_data_hash: null,
      approvals: [],
      signature: NO_SIGNATURE,
      latest_protocol_version: PROTOCOL_VERSION,
      chunk_endorsements: [[]],
    },
    chunks: [chunkHeaderView(block, genesis)],
  };
}
