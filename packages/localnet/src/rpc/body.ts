/**
 * Reading a JSON-RPC request body within neard's limits: at most
 * MAX_BODY_BYTES (neard's `limits_config.json_payload_max_size`), and JSON
 * nested at most MAX_JSON_DEPTH deep (serde_json's recursion limit, which
 * neard's parser inherits). Both are checked before anything parses or
 * echoes the body, so no request can exhaust memory or the stack.
 */
import type http from "node:http";

/** neard's default `rpc.limits_config.json_payload_max_size`: 10 MiB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** serde_json refuses the 128th nested array or object. */
export const MAX_JSON_DEPTH = 127;

/** Why a body was refused: its Content-Length was over the limit, or its bytes went past it while read. */
export type BodyResult = { ok: true; text: string } | { ok: false; reason: "declared" | "streamed" };

/**
 * Collects the body, stopping as soon as it passes `limit` bytes; a
 * Content-Length over the limit is refused before any byte is read.
 */
export function readBody(req: http.IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) return resolve({ ok: false, reason: "declared" });
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        // The rest is read and dropped (node does so once the reply is sent), keeping the connection usable.
        return resolve({ ok: false, reason: "streamed" });
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve({ ok: true, text: Buffer.concat(chunks).toString("utf8") });
    });
    req.on("error", (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}

/**
 * Where the JSON text first nests deeper than `maxDepth` (serde_json's
 * message, with its 1-based line and column), or null. Brackets inside
 * strings do not count; the text need not be valid JSON (JSON.parse judges that).
 */
export function depthError(text: string, maxDepth = MAX_JSON_DEPTH): string | null {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (inString) {
      if (char === 0x5c /* \ */) at++;
      else if (char === 0x22 /* " */) inString = false;
      continue;
    }
    if (char === 0x22) inString = true;
    else if (char === 0x0a) {
      line++;
      lineStart = at + 1;
    } else if (char === 0x5b /* [ */ || char === 0x7b /* { */) {
      if (++depth > maxDepth) return `recursion limit exceeded at line ${line} column ${at - lineStart + 1}`;
    } else if (char === 0x5d /* ] */ || char === 0x7d /* } */) depth--;
  }
  return null;
}
