import { randomUUID } from 'node:crypto';
import neo4j, { type Node } from 'neo4j-driver';
import type { Viewer } from '../auth/viewer.js';
import { cypher, type GraphTransaction } from '../db/graph.js';

/**
 * The audit trail: every accepted write leaves an entry, in the same transaction as the change,
 * with who (role, key, organisation), when, and the record before and after as JSON.
 */

export interface AuditChange {
  action: string;
  recordKind: string;
  recordId: string;
  before: Node | null;
  after: Node;
}

const appendEntries = cypher<{ entries: Record<string, unknown>[] }, never>(
  'audit_append',
  `UNWIND $entries AS entry
   MERGE (e:AuditEntry {id: entry.id})
   ON CREATE SET e += entry, e.at = datetime()`,
);

/** Neo4j values as plain JSON: dates as ISO strings, points as {lat, lon}. */
export function propertiesJson(node: Node | null): string | null {
  if (!node) return null;
  const plain = Object.fromEntries(
    Object.entries(node.properties as Record<string, unknown>)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]) => [key, toJsonValue(value)]),
  );
  return JSON.stringify(plain);
}

function toJsonValue(value: unknown): unknown {
  if (neo4j.isPoint(value)) return { lat: value.y, lon: value.x };
  if (neo4j.isDate(value) || neo4j.isDateTime(value)) return value.toString();
  if (neo4j.isInt(value)) return value.toNumber();
  if (Array.isArray(value)) return value.map(toJsonValue);
  return value;
}

export async function recordChanges(tx: GraphTransaction, viewer: Viewer, changes: AuditChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.run(appendEntries, {
    entries: changes.map((change) => ({
      // A fresh id per attempt is fine: a retried transaction rolled the earlier attempt back.
      id: randomUUID(),
      action: change.action,
      recordKind: change.recordKind,
      recordId: change.recordId,
      actorRole: viewer.role,
      actorKeyId: viewer.keyId,
      actorOrgId: viewer.orgId,
      before: propertiesJson(change.before),
      after: propertiesJson(change.after),
    })),
  });
}
