import neo4j, { type Node } from 'neo4j-driver';
import type {
  ChainNodeRecord,
  DeliveryRecord,
  Properties,
  PropertyValue,
  SupplyLinkRecord,
} from '../registry/records.js';
import type {
  ActionPlanStatus,
  CertificateScheme,
  CertificateScope,
  CertificateStatus,
  ComplaintStatus,
  RiskLevel,
  RiskTargetKind,
  RiskTheme,
  Role,
} from '../shared/contract.generated.js';
import { combinedLevel } from './vocabulary.js';

/**
 * Risk assessments, action plans and certificates as the API hands them out. Graph model:
 *   (:RiskAssessment {country[, region]})                  COUNTRY and QUARRY_AREA assessments
 *   (:RiskAssessment)-[:ASSESSES]->(site or :SupplyLink)    SITE and LINK assessments
 *   (:ActionPlan)-[:PLANNED_BY]->(company), -[:ADDRESSES]->(site or link)
 *   (:Certificate)-[:HELD_BY]->(holder), -[:COVERS]->(site, link or :Delivery)
 *   (:Complaint)-[:ABOUT]->(site)                         an admitted complaint is evidence there
 * Dates are Neo4j dates; `recordedAt` (a datetime) orders records made on the same day.
 */

export interface ActorRecord {
  role: Role;
  organisationId: string | null;
}

export interface RiskAssessmentRecord {
  id: string;
  theme: RiskTheme;
  severity: RiskLevel;
  likelihood: RiskLevel;
  level: RiskLevel;
  description: string;
  source: string;
  assessedOn: string;
  /** Epoch milliseconds: orders assessments made on the same day. */
  recordedAt: number;
  assessedBy: ActorRecord;
  /** Whose word this is, to tell assessors apart even where `assessedBy` is not shown: 'independent' or 'company <id>'. */
  assessor: string;
  targetKind: RiskTargetKind;
  country: string | null;
  region: string | null;
  site: ChainNodeRecord | null;
  link: SupplyLinkRecord | null;
}

export interface ActionPlanRecord {
  id: string;
  company: ChainNodeRecord | null;
  themes: RiskTheme[];
  site: ChainNodeRecord | null;
  link: SupplyLinkRecord | null;
  description: string;
  status: ActionPlanStatus;
  dueDate: string | null;
  collective: boolean;
  evidence: string | null;
  overdue: boolean;
  /** The day (UTC) the plan was recorded. */
  recordedOn: string;
}

export interface CertificateRecord {
  id: string;
  scheme: CertificateScheme;
  holder: ChainNodeRecord | null;
  scope: CertificateScope;
  site: ChainNodeRecord | null;
  link: SupplyLinkRecord | null;
  delivery: DeliveryRecord | null;
  validFrom: string;
  validTo: string;
  themes: RiskTheme[];
  reference: string;
  status: CertificateStatus;
  daysToExpiry: number;
}

/** What a risk record is attached to, resolved by the caller (who knows what the viewer may see). */
export interface RiskTarget {
  site?: ChainNodeRecord | null;
  link?: SupplyLinkRecord | null;
  delivery?: DeliveryRecord | null;
}

const optional = (value: PropertyValue): string | null => (value == null ? null : String(value));

/** Where plans are ordered by due date, a plan without one sorts as if due on this day: last. */
export const NO_DUE_DATE = '9999-12-31';

const EXPIRY_WARNING_DAYS = 90;

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

function certificateStatus(validFrom: string, validTo: string, today: string): CertificateStatus {
  if (today < validFrom) return 'NOT_YET_VALID';
  if (today > validTo) return 'EXPIRED';
  return daysBetween(today, validTo) <= EXPIRY_WARNING_DAYS ? 'EXPIRING_SOON' : 'VALID';
}

/** A certificate counts on a date inside its validity. */
/** What the risk rules read of a complaint about a site: never who complained or what they wrote. */
export interface ComplaintEvidenceRecord {
  id: string;
  themes: RiskTheme[];
  status: ComplaintStatus;
  /** The day it was received (UTC): it counts on traces judged on that day or later. */
  receivedOn: string;
  site: ChainNodeRecord;
}

export function toComplaintEvidence(node: Node, site: ChainNodeRecord): ComplaintEvidenceRecord {
  const p: Properties = node.properties;
  return {
    id: String(p.id),
    themes: (p.themes as RiskTheme[] | null) ?? [],
    status: String(p.status) as ComplaintStatus,
    receivedOn: String(p.receivedAt).slice(0, 10),
    site,
  };
}

export const isValidOn = (certificate: Pick<CertificateRecord, 'validFrom' | 'validTo'>, date: string): boolean =>
  certificate.validFrom <= date && date <= certificate.validTo;

export function toRiskAssessment(node: Node, target: RiskTarget = {}): RiskAssessmentRecord {
  const p: Properties = node.properties;
  const severity = String(p.severity) as RiskLevel;
  const likelihood = String(p.likelihood) as RiskLevel;
  return {
    id: String(p.id),
    theme: String(p.theme) as RiskTheme,
    severity,
    likelihood,
    level: combinedLevel(severity, likelihood),
    description: String(p.description),
    source: String(p.source),
    assessedOn: String(p.assessedOn),
    recordedAt: neo4j.isDateTime(p.recordedAt) ? p.recordedAt.toStandardDate().getTime() : 0,
    assessedBy: { role: String(p.assessedByRole) as Role, organisationId: optional(p.assessedByOrgId) },
    assessor: p.assessedByRole === 'MEMBER' ? `company ${String(p.assessedByOrgId)}` : 'independent',
    targetKind: String(p.targetKind) as RiskTargetKind,
    country: optional(p.country),
    region: optional(p.region),
    site: target.site ?? null,
    link: target.link ?? null,
  };
}

export function toActionPlan(
  node: Node,
  company: ChainNodeRecord | null,
  target: RiskTarget,
  today: string,
): ActionPlanRecord {
  const p: Properties = node.properties;
  const status = String(p.status) as ActionPlanStatus;
  const dueDate = optional(p.dueDate);
  return {
    id: String(p.id),
    company,
    themes: (p.themes as RiskTheme[] | undefined) ?? [],
    site: target.site ?? null,
    link: target.link ?? null,
    description: String(p.description),
    status,
    dueDate,
    collective: p.collective === true,
    evidence: optional(p.evidence),
    overdue: status !== 'DONE' && dueDate !== null && dueDate < today,
    recordedOn: neo4j.isDateTime(p.recordedAt) ? p.recordedAt.toStandardDate().toISOString().slice(0, 10) : today,
  };
}

export function toCertificate(
  node: Node,
  holder: ChainNodeRecord | null,
  target: RiskTarget,
  today: string,
): CertificateRecord {
  const p: Properties = node.properties;
  const validFrom = String(p.validFrom);
  const validTo = String(p.validTo);
  return {
    id: String(p.id),
    scheme: String(p.scheme) as CertificateScheme,
    holder,
    scope: String(p.scope) as CertificateScope,
    site: target.site ?? null,
    link: target.link ?? null,
    delivery: target.delivery ?? null,
    validFrom,
    validTo,
    themes: (p.themes as RiskTheme[] | undefined) ?? [],
    reference: String(p.reference),
    status: certificateStatus(validFrom, validTo, today),
    daysToExpiry: daysBetween(today, validTo),
  };
}
