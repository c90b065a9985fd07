/** A 16-hex-digit digest of the node's sources, naming its cached bundle (see source-stamp.cjs). */
export function sourceStamp(): string;
