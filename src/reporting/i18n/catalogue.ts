import type {
  ActionPlanStatus,
  CertificateStatus,
  ComplaintStatus,
  ProjectKind,
  QuantityUnit,
  RiskBasis,
  RiskLevel,
  RiskTargetKind,
  RiskTheme,
  StoneType,
} from '../../shared/contract.generated.js';

/**
 * Every word the project page and the printable report show, one catalogue per language (en.ts,
 * nl.ts), each typed by this interface, so a language that lacks a string does not compile. Values
 * that depend on data are functions of already formatted parts (dates, percentages, country names:
 * see `Words` in language.ts); they return plain text, which the pages escape.
 */
export interface Catalogue {
  /** BCP 47 tag for `lang` and for the number, date and country-name formats. */
  locale: string;
  languageName: string;

  themes: Record<RiskTheme, string>;
  levels: Record<RiskLevel, string>;
  planStatuses: Record<ActionPlanStatus, string>;
  certificateSchemes: Record<'FAIR_STONE' | 'XERTIFIX' | 'IGEP' | 'OTHER', string>;
  certificateStatuses: Record<Exclude<CertificateStatus, 'EXPIRING_SOON'>, string>;
  expiresIn: (days: number) => string;
  projectKinds: Record<ProjectKind, string>;
  stoneTypes: Record<StoneType, string>;
  units: Record<QuantityUnit, string>;
  nodeKinds: Record<'Quarry' | 'Processor' | 'Importer', string>;
  bases: Record<RiskBasis, string>;
  targets: Record<RiskTargetKind | 'DELIVERY', string>;
  yes: string;
  no: string;
  anotherCompany: string;

  reportTitle: (project: string) => string;
  pageTitle: (project: string) => string;
  facts: { kind: string; city: string; country: string; buyer: string };
  madeOn: (dateTime: string, referenceDate: string, dataVersion: string) => string;

  nothingDelivered: { heading: string; text: string };

  deliveries: {
    heading: string;
    summary: (count: number, tonnes: string) => string;
    columns: { deliveredOn: string; stoneType: string; quantity: string; mass: string; importer: string };
  };

  /** The deliveries whose declared origin the trace contradicts: shown first, since it may be origin fraud. */
  originMismatches: {
    heading: string;
    intro: string;
    columns: { delivery: string; declared: string; traced: string; elsewhere: string; untraced: string };
    delivery: (date: string, stoneType: string, tonnes: string, importer: string) => string;
    /** The declared origin: a country, and the quarry area where one is declared. */
    declared: (country: string, area: string | null) => string;
    /** A country, or an area of it, with the share of the delivery's mass traced there. */
    tracedTo: (place: string, share: string) => string;
    limits: string;
  };

  origins: {
    heading: string;
    traced: (share: string) => string;
    untracedRest: (share: string) => string;
    countries: string;
    areas: string;
    quarries: string;
    columns: { country: string; region: string; quarry: string; share: string };
    map: { title: string; quarry: string; gap: string; approximate: string; size: string };
    mapQuarry: (name: string, region: string, country: string, share: string) => string;
    mapGap: (name: string, kind: string, country: string, share: string) => string;
  };

  chain: {
    heading: string;
    intro: string;
    sankey: {
      title: string;
      levelHeading: string;
      noAssessment: string;
      unknownOrigin: string;
      tracedBand: string;
      gapBand: string;
    };
    site: (name: string, kind: string, country: string, level: string) => string;
    pathsHeading: string;
    pathColumns: { path: string; share: string };
    gapsHeading: string;
    gapColumns: { node: string; kind: string; stoneType: string; share: string };
    noGaps: string;
  };

  risks: {
    heading: string;
    columns: { theme: string; level: string; where: string; share: string; why: string };
    none: string;
    gapReason: (sites: string, share: string) => string;
    complaintReason: (sites: string) => string;
    /** Why an unknown-origin risk stands beside a complete trace. */
    originFraud: string;
    /** Why a delivery carries a severe unknown-origin risk: its declaration is contradicted. */
    declaredOriginReason: (deliveries: string) => string;
    sitesHeading: string;
    sitesIntro: string;
    siteColumns: { site: string; share: string; risks: string };
    levelToResidual: (theme: string, level: string, residual: string) => string;
    loweredBy: { plan: string; certificate: string };
    noSiteRisks: string;
    evidenceHeading: string;
    evidenceColumns: {
      theme: string;
      level: string;
      target: string;
      description: string;
      source: string;
      assessedOn: string;
    };
    severityLikelihood: (severity: string, likelihood: string) => string;
    noEvidence: string;
  };

  complaints: {
    heading: string;
    intro: string;
    columns: { reference: string; themes: string; site: string; status: string; share: string };
    statuses: Record<ComplaintStatus, string>;
    /** A site the reader may not see, or a share too complex to weigh. */
    unknown: string;
  };

  measures: {
    heading: string;
    plansHeading: string;
    planColumns: {
      company: string;
      themes: string;
      where: string;
      description: string;
      status: string;
      due: string;
      collective: string;
      evidence: string;
    };
    overdue: string;
    noPlans: string;
    certificatesHeading: string;
    certificateColumns: {
      scheme: string;
      holder: string;
      scope: string;
      valid: string;
      themes: string;
      reference: string;
      status: string;
    };
    noCertificates: string;
  };

  page: {
    links: { report: string; geojson: string };
    shareLinks: {
      heading: string;
      none: string;
      columns: { id: string; created: string; expiresOn: string; status: string };
      active: string;
      expired: string;
      revokedOn: (date: string) => string;
      /** How many older links the page leaves out. */
      more: (count: number) => string;
      /** How links are made and revoked: the page itself changes nothing. */
      howTo: string;
    };
  };

  footer: string;

  /** The public page of the sector's progress in knowing its chain (/reports/progress). */
  progress: {
    title: string;
    lead: (year: number, factory: string, quarry: string, companies: string) => string;
    /** The year's figures rest on too few companies to be shown. */
    suppressedLead: (year: number) => string;
    chartTitle: string;
    factoryLine: string;
    quarryLine: string;
    /** A year whose figures are not shown (too few companies). */
    notShown: string;
    point: (line: string, year: number, share: string) => string;
    columns: { year: string; weighting: string; companies: string; factory: string; quarry: string };
    weightings: Record<'VOLUME' | 'LINKS', string>;
    csv: string;
    definitionsHeading: string;
    definitions: string[];
  };
}
