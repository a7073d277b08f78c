import { RiskLevel, RiskTheme, type ComplaintStatus } from '../shared/contract.generated.js';

/**
 * The arithmetic of the risk rules (docs/trace-and-risk.md, "Risk rules"). Their words (levels,
 * themes, plan statuses, schemes) are the enums of schema/risk.graphql (contract.generated.ts).
 */

/** From LOW to SEVERE: the schema lists the levels in this order, which ranks them. */
export const riskLevels: readonly RiskLevel[] = Object.values(RiskLevel);

/** In the schema's order, which is the order of a summary's themes of equal level. */
export const riskThemes: readonly RiskTheme[] = Object.values(RiskTheme);

export const rank = (level: RiskLevel): number => riskLevels.indexOf(level);

/** The mean of severity and likelihood, rounded up: when in doubt, the more cautious level. */
export const combinedLevel = (severity: RiskLevel, likelihood: RiskLevel): RiskLevel =>
  riskLevels[Math.ceil((rank(severity) + rank(likelihood)) / 2)] as RiskLevel;

/** One step down, never below LOW. */
export const lowered = (level: RiskLevel): RiskLevel => riskLevels[Math.max(0, rank(level) - 1)] as RiskLevel;

/** A trace gap is an UNKNOWN_ORIGIN risk of this level unless an assessment says worse. */
export const gapLevel: RiskLevel = 'HIGH';

/** An admitted complaint raises the themes it names at its site to at least this level. */
export const complaintLevel: RiskLevel = 'HIGH';

/**
 * The statuses in which a complaint is evidence at its site: admitted and not resolved. While the
 * committee handles it (the first two), no measure lowers what it raises; once CLOSED unresolved,
 * measures lower it as any other risk. A RESOLVED complaint no longer counts.
 */
export const complaintEvidenceStatuses: readonly ComplaintStatus[] = ['ADMISSIBLE', 'IN_DIALOGUE', 'CLOSED'];
export const unmitigableComplaintStatuses: readonly ComplaintStatus[] = ['ADMISSIBLE', 'IN_DIALOGUE'];
