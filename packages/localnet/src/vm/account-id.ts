/**
 * NEAR account id rules: 2 to 64 characters of lowercase letters, digits
 * and the separators - _ . ; no separator at either end or next to another.
 */
const ACCOUNT_ID = /^(([a-z\d]+[-_])*[a-z\d]+\.)*([a-z\d]+[-_])*[a-z\d]+$/;

export function isValidAccountId(id: string): boolean {
  return id.length >= 2 && id.length <= 64 && ACCOUNT_ID.test(id);
}
