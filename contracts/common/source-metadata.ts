/**
 * NEP-330 contract source metadata (revision 1.1.0: version, link, standards).
 */

export interface StandardDescriptor {
  standard: string;
  version: string;
}

export interface ContractSourceMetadata {
  version: string | null;
  link: string | null;
  standards: StandardDescriptor[];
}

/** NEP-330 itself, which every contract of the suite implements. */
export const NEP330: StandardDescriptor = { standard: "nep330", version: "1.1.0" };
/** NEP-297 events. */
export const NEP297: StandardDescriptor = { standard: "nep297", version: "1.0.0" };

export function sourceMetadata(version: string, link: string, standards: StandardDescriptor[]): ContractSourceMetadata {
  return { version, link: link === "" ? null : link, standards: [...standards, NEP297, NEP330] };
}
