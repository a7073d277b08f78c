import type { Viewer } from '../auth/viewer.js';

/**
 * Who manages a project's report links: its buyer, and ADMIN. A link shows the report as the
 * buyer sees it, so nobody else may hand one out; to anyone else the project and its links answer
 * like records that do not exist.
 */
export const managesLinksOf = (viewer: Viewer, buyerId: string): boolean =>
  viewer.role === 'ADMIN' || (viewer.role === 'BUYER' && viewer.orgId === buyerId);

/** Where a link's token opens the report. */
export const sharedReportPath = (token: string): string => `/reports/shared/${token}`;
