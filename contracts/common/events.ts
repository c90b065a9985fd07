/**
 * NEP-297 events, built in one place.
 *
 * An event is one log line `EVENT_JSON:` followed by the JSON object
 * `{"standard":…,"version":…,"event":…,"data":[…]}`. `data` is always an
 * array; amounts inside it are decimal strings (bigints are converted here so
 * no caller can forget).
 */
import { near } from "near-sdk-js";

/** The project's own event standard (admin and revenue events of every contract). */
export const MODELFUND_STANDARD = "modelfund";
export const MODELFUND_STANDARD_VERSION = "1.0.0";

/** A JSON object whose bigint values become decimal strings. */
export type EventData = Record<string, unknown>;

/** Returns the exact log line of an event (useful to tests and to `emitEvent`). */
export function formatEvent(standard: string, version: string, event: string, data: EventData[]): string {
  const body = JSON.stringify({ standard, version, event, data }, (_key, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );
  return `EVENT_JSON:${body}`;
}

/** Logs one NEP-297 event. */
export function emitEvent(standard: string, version: string, event: string, data: EventData[]): void {
  near.log(formatEvent(standard, version, event, data));
}

/** Logs an event of the project's own `modelfund` standard. */
export function emitModelfundEvent(event: string, data: EventData[]): void {
  emitEvent(MODELFUND_STANDARD, MODELFUND_STANDARD_VERSION, event, data);
}
