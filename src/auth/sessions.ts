import neo4j, { type Integer } from 'neo4j-driver';
import { cypher, type Graph } from '../db/graph.js';
import { hashSecret, randomSecret } from './tokens.js';
import type { Role, Viewer } from './viewer.js';

/**
 * Browser sessions, kept in Neo4j so that any instance serves any request: a session is a node
 * tied to the API key it was opened with, found by the SHA-256 of its random id. The id itself
 * lives only in the browser's cookie, so the database (or a dump of it) holds nothing that opens
 * a session, just as it holds no API token. Every request checks the key again, so revoking the
 * key ends its sessions at their next request, on every instance.
 */

/** `sts_` and 32 random bytes, base64url. */
const sessionIdPattern = /^sts_[A-Za-z0-9_-]{43}$/;

/** Sessions idle longer than this are removed whenever someone signs in, a batch at a time. */
const sweepBatch = 1_000;

const startSession = cypher<{ idHash: string; keyId: string }, never>(
  'session_start',
  `MATCH (key:ApiKey {id: $keyId})
   CREATE (:BrowserSession {idHash: $idHash, createdAt: datetime(), lastSeenAt: datetime()})-[:SIGNED_IN_WITH]->(key)`,
);

const sessionById = cypher<
  { idHash: string; idleMs: Integer },
  { live: boolean; key: { id: string; role: Role; orgId: string | null } }
>(
  'session_by_id',
  `MATCH (session:BrowserSession {idHash: $idHash})-[:SIGNED_IN_WITH]->(key:ApiKey)
   RETURN key.revokedAt IS NULL AND session.lastSeenAt > datetime() - duration({milliseconds: $idleMs}) AS live,
          key {.id, .role, .orgId} AS key`,
);

const touchSession = cypher<{ idHash: string }, never>(
  'session_touch',
  'MATCH (session:BrowserSession {idHash: $idHash}) SET session.lastSeenAt = datetime()',
);

const endSession = cypher<{ idHash: string }, never>(
  'session_end',
  'MATCH (session:BrowserSession {idHash: $idHash}) DETACH DELETE session',
);

const sweepIdleSessions = cypher<{ idleMs: Integer; batch: Integer }, never>(
  'session_sweep_idle',
  `MATCH (session:BrowserSession) WHERE session.lastSeenAt < datetime() - duration({milliseconds: $idleMs})
   WITH session LIMIT $batch
   DETACH DELETE session`,
);

export class SessionStore {
  constructor(
    private readonly graph: Graph,
    private readonly idleMs: number,
  ) {}

  /** Opens a session for the key behind `viewer` and returns its id, for the cookie only. */
  async start(viewer: Viewer): Promise<string> {
    const id = `sts_${randomSecret()}`;
    // Sessions carry no chain data: traces cached at the current data version stay valid.
    await this.graph.writeTransaction(
      async (tx) => {
        await tx.run(sweepIdleSessions, { idleMs: neo4j.int(this.idleMs), batch: neo4j.int(sweepBatch) });
        await tx.run(startSession, { idHash: hashSecret(id), keyId: viewer.keyId });
      },
      { changesData: false },
    );
    return id;
  }

  /**
   * The caller behind a session id, its idle time restarted; null when there is no such session,
   * it has been idle too long, or its key is revoked (the session is then removed).
   */
  async resume(id: string): Promise<Viewer | null> {
    if (!sessionIdPattern.test(id)) return null;
    const idHash = hashSecret(id);
    return this.graph.writeTransaction(
      async (tx) => {
        const [row] = await tx.run(sessionById, { idHash, idleMs: neo4j.int(this.idleMs) });
        if (!row) return null;
        if (!row.live) {
          await tx.run(endSession, { idHash });
          return null;
        }
        await tx.run(touchSession, { idHash });
        return { keyId: row.key.id, role: row.key.role, orgId: row.key.orgId };
      },
      { changesData: false },
    );
  }

  async end(id: string): Promise<void> {
    if (sessionIdPattern.test(id))
      await this.graph.write(endSession, { idHash: hashSecret(id) }, { changesData: false });
  }
}
