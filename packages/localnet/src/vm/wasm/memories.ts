/**
 * Linear memories for contract calls. Every call gets a fresh, zeroed
 * memory of `initial_memory_pages` (64 MiB on NEAR). An ordinary
 * WebAssembly.Memory of that size makes V8 account 64 MiB of external
 * memory, which triggers a full mark-compact on nearly every call — that
 * dominated the wall time of a warm call. Memories are therefore created
 * `shared` (SharedArrayBuffer-backed), which V8 does not count that way;
 * contracts cannot tell the difference, since threads are disabled and no
 * atomic instruction passes preparation. (Reusing memories instead does not
 * work: contracts built with wasi-libc grow memory on every call, and a
 * memory cannot shrink back to its initial size.)
 *
 * The pages a dropped memory had touched stay resident until it is
 * collected, and nothing prompts V8 to collect it. To keep that bounded,
 * the sizes of dropped memories are added up and, every REPORT_EVERY bytes,
 * reported to V8 by allocating (and dropping) an ArrayBuffer of that size:
 * one collection per ~16 calls instead of one per call.
 */

const REPORT_EVERY = 1 << 30;
let dropped = 0;

/** A zeroed memory of `initial` pages that can grow to `maximum`. */
export function newContractMemory(initial: number, maximum: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial, maximum, shared: true });
}

/** Called when a call is done with its memory. */
export function dropContractMemory(memory: WebAssembly.Memory): void {
  dropped += memory.buffer.byteLength;
  if (dropped < REPORT_EVERY) return;
  dropped = 0;
  try {
    new ArrayBuffer(REPORT_EVERY); // lazily zero-mapped: costs address space, not memory
  } catch {
    // Allocation refused: the next collection will come from elsewhere.
  }
}
