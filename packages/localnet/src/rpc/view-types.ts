/**
 * The JSON shapes the RPC answers with, named by near-api-js' provider types
 * (what its clients read) and widened only where neard sends more or other
 * than near-api-js declares: extra header and chunk fields, execution
 * failures as neard's TxExecutionError (near-api-js declares an
 * { error_message, error_type } that neard never sends), u64 nonces and
 * gas as JSON numbers rather than bigints, receipts of every action kind.
 * The tests check the same answers against @near-js/jsonrpc-types' schemas.
 */
import type {
  AccessKeyViewRaw,
  AccountViewRaw,
  BlockHeader,
  BlockResult,
  CallContractViewFunctionResultRaw,
  Chunk,
  ContractCodeViewRaw,
  ExecutionOutcome,
  ExecutionOutcomeWithIdView,
  FinalExecutionOutcome,
  FunctionCallPermissionView,
  NodeStatusResult,
  ProviderTransaction,
  QueryResponseKind,
  SyncInfo,
  TxExecutionStatus,
  ViewStateResult,
} from "near-api-js";
import type { TxExecutionError } from "../chain/errors.ts";

type WithoutBlock<T> = Omit<T, keyof QueryResponseKind>;

export type PermissionView = "FullAccess" | FunctionCallPermissionView;
export type AccountJson = WithoutBlock<AccountViewRaw>;
export type AccessKeyJson = WithoutBlock<AccessKeyViewRaw>;
export type AccountQueryView = AccountViewRaw;
export type AccessKeyQueryView = AccessKeyViewRaw;
export type CodeQueryView = ContractCodeViewRaw;
export type StateQueryView = ViewStateResult;
export type CallFunctionView = CallContractViewFunctionResultRaw;
/** near-api-js' AccessKeyList declares bigint nonces; neard sends numbers (AccessKeyViewRaw's). */
export type AccessKeyListView = QueryResponseKind & { keys: Array<{ public_key: string; access_key: AccessKeyJson }> };

/** An action as neard shows it inside transactions and receipts. */
export type ActionView = "CreateAccount" | Record<string, unknown>;

export type TransactionView = Omit<ProviderTransaction, "nonce" | "actions"> & {
  nonce: number;
  actions: ActionView[];
  priority_fee: number;
};

export type OutcomeStatusView = { SuccessValue: string } | { SuccessReceiptId: string } | { Failure: TxExecutionError };

export type OutcomeView = Omit<ExecutionOutcomeWithIdView, "outcome"> & {
  outcome: Omit<ExecutionOutcome, "status"> & {
    status: OutcomeStatusView;
    metadata: { version: number; gas_profile: unknown[] | null };
  };
};

export type FinalStatusView = { SuccessValue: string } | { Failure: TxExecutionError } | "Started";

export interface ReceiptView {
  predecessor_id: string;
  receiver_id: string;
  receipt_id: string;
  receipt:
    | { Data: { data_id: string; data: string | null; is_promise_resume: boolean } }
    | {
        Action: {
          signer_id: string;
          signer_public_key: string;
          gas_price: string;
          output_data_receivers: Array<{ data_id: string; receiver_id: string }>;
          input_data_ids: string[];
          actions: ActionView[];
          is_promise_yield: boolean;
        };
      };
  priority: number;
}

export type FinalOutcomeView = Omit<
  FinalExecutionOutcome,
  "status" | "transaction" | "transaction_outcome" | "receipts_outcome" | "receipts"
> & {
  final_execution_status: TxExecutionStatus;
  status: FinalStatusView;
  transaction: TransactionView;
  transaction_outcome: OutcomeView;
  receipts_outcome: OutcomeView[];
  receipts?: ReceiptView[];
};

export type ChunkHeaderView = Chunk & {
  congestion_info: Record<string, string | number>;
  bandwidth_requests: null;
};

export type BlockView = Omit<BlockResult, "header" | "chunks"> & {
  header: BlockHeader & {
    prev_height: number | null;
    block_body_hash: string;
    block_ordinal: number;
    epoch_sync_data_hash: string | null;
    chunk_endorsements: boolean[][];
    validator_proposals: unknown[];
    challenges_result: unknown[];
  };
  chunks: ChunkHeaderView[];
};

/** neard's status: near-api-js' NodeStatusResult plus the fields it leaves out. */
export type StatusView = Omit<NodeStatusResult, "sync_info" | "version"> & {
  version: NodeStatusResult["version"] & { commit: string };
  sync_info: SyncInfo & {
    earliest_block_hash: string;
    earliest_block_height: number;
    earliest_block_time: string;
    epoch_id: string;
    epoch_start_height: number;
  };
  validator_account_id: string;
  validator_public_key: string;
  node_public_key: string;
  node_key: null;
  detailed_debug_status: null;
};
