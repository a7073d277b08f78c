import { LRUCache } from 'lru-cache';
import { cypher, type Graph } from '../db/graph.js';
import type { RefusedKeyIds } from './refusedKeyIds.js';
import { newToken, parseToken, secretMatches } from './tokens.js';
import type { Role, Viewer } from './viewer.js';

interface StoredKey {
  id: string;
  role: Role;
  orgId: string | null;
  secretHash: string;
  revoked: boolean;
}

/** With the data version (see Graph.dataVersion): a cached trace the request asks for needs no round trip of its own to confirm it. */
const keyById = cypher<{ id: string }, { key: StoredKey; dataVersion: number | null }>(
  'api_key_by_id',
  `MATCH (key:ApiKey {id: $id})
   OPTIONAL MATCH (version:DataVersion {id: 'graph'})
   RETURN key {.id, .role, .orgId, .secretHash, revoked: key.revokedAt IS NOT NULL} AS key, version.value AS dataVersion`,
);

const organisationKind = cypher<{ id: string }, { labels: string[] }>(
  'organisation_kind',
  'MATCH (org {id: $id}) WHERE org:Importer OR org:Processor OR org:Buyer RETURN labels(org) AS labels',
);

const createKey = cypher<
  { id: string; role: Role; orgId: string | null; secretHash: string; note: string | null },
  never
>(
  'api_key_create',
  `CREATE (:ApiKey {id: $id, role: $role, orgId: $orgId, secretHash: $secretHash, note: $note, createdAt: datetime()})`,
);

const revokeKey = cypher<{ id: string }, { revokedAt: string }>(
  'api_key_revoke',
  `MATCH (key:ApiKey {id: $id})
   SET key.revokedAt = coalesce(key.revokedAt, datetime())
   RETURN toString(key.revokedAt) AS revokedAt`,
);

const listKeys = cypher<
  Record<string, never>,
  { id: string; role: Role; orgId: string | null; createdAt: string; revokedAt: string | null; note: string | null }
>(
  'api_key_list',
  `MATCH (key:ApiKey)
   RETURN key.id AS id, key.role AS role, key.orgId AS orgId, toString(key.createdAt) AS createdAt,
          toString(key.revokedAt) AS revokedAt, key.note AS note
   ORDER BY key.createdAt`,
);

export type Authentication =
  /** `dataVersion`: read with the key when it was looked up, absent when the key was trusted from memory. */
  | { ok: true; viewer: Viewer; dataVersion?: number | null }
  | { ok: false; reason: 'malformed' | 'unknown' | 'revoked'; keyId?: string };

/** Keys whose lookup is trusted for a while; the secret is still checked against the stored hash every time. */
const maxTrustedKeys = 10_000;

export class KeyStore {
  private readonly trusted: LRUCache<string, StoredKey> | null;

  /**
   * `refused`: remembers key ids that do not exist or are revoked, so repeating them costs no query.
   * `trustForMs`: a valid key is not looked up again for this long, so a revocation made elsewhere
   * (the keys CLI, another instance) takes up to that long to bite; one made here bites at once.
   */
  constructor(
    private readonly graph: Graph,
    private readonly refused?: RefusedKeyIds,
    trustForMs = 0,
  ) {
    this.trusted = trustForMs > 0 ? new LRUCache({ max: maxTrustedKeys, ttl: trustForMs }) : null;
  }

  /** Plans the key lookup every request makes, with a well-formed key id that exists nowhere. */
  async warmUp(): Promise<void> {
    await this.authenticate(newToken().token);
  }

  async authenticate(token: string): Promise<Authentication> {
    const parsed = parseToken(token);
    if (!parsed) return { ok: false, reason: 'malformed' };
    const { keyId } = parsed;
    const known = this.refused?.get(keyId);
    if (known) return { ok: false, reason: known, keyId };
    const trusted = this.trusted?.get(keyId);
    if (trusted && secretMatches(parsed.secret, trusted.secretHash))
      return { ok: true, viewer: { keyId, role: trusted.role, orgId: trusted.orgId } };
    const [row] = await this.graph.read(keyById, { id: keyId });
    if (!row) {
      this.refused?.remember(keyId, 'unknown');
      return { ok: false, reason: 'unknown', keyId };
    }
    if (!secretMatches(parsed.secret, row.key.secretHash)) return { ok: false, reason: 'unknown', keyId };
    if (row.key.revoked) {
      this.refused?.remember(keyId, 'revoked');
      return { ok: false, reason: 'revoked', keyId };
    }
    this.trusted?.set(keyId, row.key);
    return {
      ok: true,
      viewer: { keyId: row.key.id, role: row.key.role, orgId: row.key.orgId },
      dataVersion: row.dataVersion,
    };
  }

  /** Issues a key; MEMBER keys bind to an importer or processor, BUYER keys to a buyer. */
  async issue(role: Role, orgId: string | null, note: string | null = null): Promise<{ keyId: string; token: string }> {
    if (role === 'MEMBER' || role === 'BUYER') {
      if (!orgId) throw new Error(`a ${role} key needs --org <organisation id>`);
      const [org] = await this.graph.read(organisationKind, { id: orgId });
      const expected = role === 'BUYER' ? ['Buyer'] : ['Importer', 'Processor'];
      if (!org || !org.labels.some((label) => expected.includes(label))) {
        throw new Error(`${orgId} is not ${role === 'BUYER' ? 'a buyer' : 'an importer or processor'}`);
      }
    } else if (orgId) {
      throw new Error(`${role} keys are not bound to an organisation`);
    }
    const { token, keyId, secretHash } = newToken();
    await this.graph.write(createKey, { id: keyId, role, orgId, secretHash, note });
    return { keyId, token };
  }

  async revoke(keyId: string): Promise<string | null> {
    this.trusted?.delete(keyId);
    const [row] = await this.graph.write(revokeKey, { id: keyId });
    return row?.revokedAt ?? null;
  }

  list() {
    return this.graph.read(listKeys, {});
  }
}
