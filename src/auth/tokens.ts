import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API tokens are `stk_<keyId>.<secret>`: the key id finds the stored key, the secret (32 random
 * bytes) proves possession. Only SHA-256 of the secret is stored; a slow hash adds nothing for a
 * 256-bit random secret and would cost every request.
 */
const tokenPattern = /^stk_([0-9a-f]{16})\.([A-Za-z0-9_-]{43})$/;

export interface ParsedToken {
  keyId: string;
  secret: string;
}

/** 32 random bytes, base64url (43 characters): a bearer secret nobody can guess. */
export const randomSecret = (): string => randomBytes(32).toString('base64url');

export function newToken(): { token: string; keyId: string; secretHash: string } {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomSecret();
  return { token: `stk_${keyId}.${secret}`, keyId, secretHash: hashSecret(secret) };
}

export function parseToken(token: string): ParsedToken | null {
  const match = tokenPattern.exec(token);
  return match ? { keyId: match[1] as string, secret: match[2] as string } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
