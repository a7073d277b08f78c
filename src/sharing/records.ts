import type { Node } from 'neo4j-driver';
import type { ReportLinkStatus } from '../shared/contract.generated.js';
import { todayUtc } from '../shared/dates.js';

export interface ReportLinkRecord {
  id: string;
  /** Only when the link has just been made: the token is not stored. */
  url: string | null;
  projectId: string;
  expiresOn: string;
  createdAt: string;
  revokedAt: string | null;
  status: ReportLinkStatus;
}

/** A link opens its report through the whole of its last day (UTC), unless it is revoked. */
export const linkStatus = (expiresOn: string, revokedAt: string | null, today = todayUtc()): ReportLinkStatus =>
  revokedAt !== null ? 'REVOKED' : expiresOn < today ? 'EXPIRED' : 'ACTIVE';

/** Neo4j's dates and times as they print: YYYY-MM-DD, and ISO 8601 in UTC. */
const textOf = (value: { toString(): string } | null | undefined): string | null =>
  value == null ? null : value.toString();

export function toReportLink(node: Node, projectId: string, url: string | null = null): ReportLinkRecord {
  const p = node.properties as Record<string, { toString(): string } | null | undefined>;
  const expiresOn = textOf(p.expiresOn)!;
  const revokedAt = textOf(p.revokedAt);
  return {
    id: textOf(p.id)!,
    url,
    projectId,
    expiresOn,
    createdAt: textOf(p.createdAt)!,
    revokedAt,
    status: linkStatus(expiresOn, revokedAt),
  };
}
