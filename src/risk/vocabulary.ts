/**
 * The words of due diligence (levels, themes, plan statuses, schemes) and the arithmetic of the risk
 * rules (docs/trace-and-risk.md, "Risk rules").
 */

export const riskLevels = ['LOW', 'MEDIUM', 'HIGH', 'SEVERE'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const riskThemes = [
  'DISCRIMINATION_GENDER',
  'CHILD_LABOUR',
  'FORCED_LABOUR',
  'LIVING_WAGE',
  'FREEDOM_OF_ASSOCIATION',
  'HEALTH_SAFETY',
  'LAND_RIGHTS',
  'ENVIRONMENT',
  'UNKNOWN_ORIGIN',
] as const;
export type RiskTheme = (typeof riskThemes)[number];

export const actionPlanStatuses = ['PLANNED', 'IN_PROGRESS', 'DONE'] as const;
export type ActionPlanStatus = (typeof actionPlanStatuses)[number];

export const certificateSchemes = ['FAIR_STONE', 'XERTIFIX', 'IGEP', 'OTHER'] as const;

export const rank = (level: RiskLevel): number => riskLevels.indexOf(level);

/** The mean of severity and likelihood, rounded up: when in doubt, the more cautious level. */
export const combinedLevel = (severity: RiskLevel, likelihood: RiskLevel): RiskLevel =>
  riskLevels[Math.ceil((rank(severity) + rank(likelihood)) / 2)] as RiskLevel;

/** One step down, never below LOW. */
export const lowered = (level: RiskLevel): RiskLevel => riskLevels[Math.max(0, rank(level) - 1)] as RiskLevel;

/** A trace gap is an UNKNOWN_ORIGIN risk of this level unless an assessment says worse. */
export const gapLevel: RiskLevel = 'HIGH';
