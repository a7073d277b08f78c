import { randomBytes } from 'node:crypto';
import type { Node } from 'neo4j-driver';
import { toChainNode, type ChainNodeRecord } from '../registry/records.js';
import type { ComplaintStatus, RiskTheme } from '../shared/contract.generated.js';

/**
 * Complaints to the complaints and disputes committee. Graph model:
 *   (:Complaint {id, reference, followUpCodeHash, status, siteId|companyId|country+area+place, themes,
 *                description, occurredOn, receivedAt, updatedAt, publicNoteCount, internalNoteCount})
 *   (:Complaint)-[:ABOUT]->(site or company)          when the id names one in the graph
 *   (:ComplaintNote {public})-[:ON]->(:Complaint)      the committee's notes, public or internal
 *   (:ComplaintContact)-[:OF]->(:Complaint)           how to reach the complainant
 *   (:Complaint)-[:NOTIFIES {share, massTonnes}]->(:Project | :Importer | :Processor)
 *                                                     what its admission reached downstream of the site
 * What only ADMIN may see (contact details, internal notes) lives on its own nodes, never on the
 * Complaint node: the audit trail records the Complaint node, so its JSON never holds them.
 */

export interface ComplaintNoteRecord {
  at: string;
  status: ComplaintStatus;
  text: string;
}

export interface ComplaintContactRecord {
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** What only the committee (ADMIN) reads of a complaint: the complainant's words, the notes, the contact. */
export interface ComplaintCommitteeFields {
  country: string | null;
  area: string | null;
  place: string | null;
  description: string;
  publicNotes: ComplaintNoteRecord[];
  internalNotes: ComplaintNoteRecord[];
  contact: ComplaintContactRecord | null;
}

/** A complaint as read: `committee` is null for a MEMBER, whose statement does not read those fields. */
export interface ComplaintRecord {
  id: string;
  reference: string;
  status: ComplaintStatus;
  siteId: string | null;
  companyId: string | null;
  siteFound: boolean;
  site: ChainNodeRecord | null;
  share: number | null;
  themes: RiskTheme[];
  occurredOn: string | null;
  receivedAt: string;
  updatedAt: string | null;
  committee: ComplaintCommitteeFields | null;
}

/** A complaint row of the complaint statements: its site as a node. */
export type ComplaintRow = Omit<ComplaintRecord, 'site'> & { site: Node | null };

export const toComplaint = (row: ComplaintRow): ComplaintRecord => ({
  ...row,
  site: row.site ? toChainNode(row.site) : null,
});

/** The committee's steps: from each status, the statuses a complaint may move to. */
export const nextStatuses: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  RECEIVED: ['ADMISSIBLE', 'INADMISSIBLE'],
  ADMISSIBLE: ['IN_DIALOGUE'],
  INADMISSIBLE: [],
  IN_DIALOGUE: ['RESOLVED', 'CLOSED'],
  RESOLVED: [],
  CLOSED: [],
};

/** Why a move is not allowed, or null when it is. */
export function refusedMove(from: ComplaintStatus, to: ComplaintStatus): string | null {
  const allowed = nextStatuses[from];
  if (allowed.includes(to)) return null;
  return allowed.length === 0
    ? `a ${from} complaint is final: it cannot move to ${to}`
    : `a ${from} complaint moves to ${allowed.join(' or ')}, not to ${to}`;
}

// Crockford's base 32: no I, L, O or U, so a code read aloud or copied by hand is not mistaken.
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const randomLetters = (count: number): string => Array.from(randomBytes(count), (byte) => alphabet[byte % 32]).join('');

const grouped = (letters: string): string => letters.match(/.{4}/g)!.join('-');

/** A public reference: KC-XXXX-XXXX (40 random bits; the reference is unique by constraint). */
export const newReference = (): string => `KC-${grouped(randomLetters(8))}`;

/**
 * A follow-up code: 16 letters in groups of four (80 random bits), short enough to write down and
 * far beyond guessing within any rate limit. Only its hash is stored.
 */
export const newFollowUpCode = (): string => grouped(randomLetters(16));

/** A code as typed: case, spaces and dashes do not matter; O is read as 0 and I or L as 1. */
export const normalisedCode = (code: string): string =>
  code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
