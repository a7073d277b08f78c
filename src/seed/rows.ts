import { hashSecret, parseToken } from '../auth/tokens.js';
import { authorisationKey } from '../registry/writes.js';
import type { ActionPlanRow, CertificateRow, RiskAssessmentRow } from '../risk/writes.js';
import { seedId, type Dataset } from './dataset.js';

/**
 * The data set's records as the rows of the load's statements: a record's readable key becomes its
 * id (`seedId`), and a key it refers to becomes the id of the record it names.
 */

type Records<Kind extends keyof Dataset> = NonNullable<Dataset[Kind]>;

const optionalId = (key: string | null | undefined) => (key ? seedId(key) : null);

/** Rows of records that refer to no other: quarries, processors, importers, buyers. */
export const withId = <T extends { key: string }>(rows: T[]) =>
  rows.map(({ key, ...rest }) => ({ id: seedId(key), ...rest }));

export const projectRows = (projects: Records<'projects'>) =>
  projects.map(({ key, buyer, ...rest }) => ({ id: seedId(key), buyerId: seedId(buyer), ...rest }));

export const supplyLinkRows = (links: Records<'supplyLinks'>) =>
  links.map(({ key, supplier, customer, ...rest }) => ({
    id: seedId(key),
    supplierId: seedId(supplier),
    customerId: seedId(customer),
    ...rest,
  }));

export const deliveryRows = (deliveries: Records<'deliveries'>) =>
  deliveries.map(({ key, project, importer, ...rest }) => ({
    id: seedId(key),
    projectId: seedId(project),
    importerId: seedId(importer),
    ...rest,
  }));

/** Every importer is authorised for the projects it delivers to, as their buyers would have done: once per pair. */
export function authorisationRows(deliveries: Records<'deliveries'>) {
  const pairs = new Map(deliveries.map(({ project, importer }) => [`${project}|${importer}`, { project, importer }]));
  return [...pairs.values()].map(({ project, importer }) => ({
    id: seedId(`authorisation|${project}|${importer}`),
    key: authorisationKey(seedId(project), seedId(importer)),
    projectId: seedId(project),
    importerId: seedId(importer),
  }));
}

// Risk records of the sample data are the secretariat's (ADMIN), stamped from their own dates.

/** A baseline assessment is of a quarry area when it names one, else of its country. */
export const riskAssessmentRows = (assessments: Records<'riskAssessments'>): RiskAssessmentRow[] =>
  assessments.map(({ key, ...rest }) => ({
    ...rest,
    id: seedId(key),
    targetKind: rest.region === null ? 'COUNTRY' : 'QUARRY_AREA',
    siteId: null,
    linkId: null,
    assessedByRole: 'ADMIN',
    assessedByOrgId: null,
    recordedAt: `${rest.assessedOn}T00:00:00Z`,
  }));

export const actionPlanRows = (plans: Records<'actionPlans'>): ActionPlanRow[] =>
  plans.map(({ key, company, site, link, ...rest }) => ({
    ...rest,
    id: seedId(key),
    companyId: seedId(company),
    siteId: optionalId(site),
    linkId: optionalId(link),
    recordedAt: '2025-01-01T00:00:00Z',
  }));

/** A certificate's scope is the most specific target it names: a delivery, else a site, else a link. */
export const certificateRows = (certificates: Records<'certificates'>): CertificateRow[] =>
  certificates.map(({ key, holder, site, link, delivery, ...rest }) => ({
    ...rest,
    id: seedId(key),
    holderId: seedId(holder),
    siteId: optionalId(site),
    linkId: optionalId(link),
    deliveryId: optionalId(delivery),
    scope: delivery ? ('DELIVERY' as const) : site ? ('SITE' as const) : ('LINK' as const),
    recordedAt: `${rest.validFrom}T00:00:00Z`,
  }));

/** The key id comes from the published token, and only a hash of its secret is stored. */
export const apiKeyRows = (keys: Records<'apiKeys'>) =>
  keys.map(({ token, role, organisation, note }) => {
    const { keyId, secret } = parseToken(token)!;
    return { id: keyId, role, orgId: organisation ? seedId(organisation) : null, secretHash: hashSecret(secret), note };
  });
