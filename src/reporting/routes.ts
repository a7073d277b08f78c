import type { FastifyPluginAsync } from 'fastify';
import { requireKey } from '../auth/guard.js';
import type { Viewer } from '../auth/viewer.js';
import { pagePolicy } from '../edge/browserPolicy.js';
import { toCsv } from '../shared/csv.js';
import { ClientError, clientError, isClientError } from '../shared/errors.js';
import type { DueDiligence } from './dueDiligence.js';
import { renderProjectReport } from './projectReport.js';
import type { QuarryAreaReport, QuarryAreaRow } from './quarryAreas.js';
import { dueDiligenceArgs, reportYear } from './validation.js';

const quarryAreasCsv = (rows: QuarryAreaRow[]): string =>
  toCsv(['country', 'area', 'label', 'companies'], rows.map((r) => [r.country, r.area, r.label, r.companies]));

/**
 * A project's printable report as `viewer` sees it, for the routes that serve it as a page. A
 * refusal (NOT_FOUND, absent or not the caller's alike, or TRACE_TOO_COMPLEX) is thrown with its
 * code and message only: the page names no more than that, where GraphQL's extensions name the
 * record or the limit.
 */
export async function reportPage(dueDiligence: DueDiligence, viewer: Viewer, projectId: string, dataVersion: number | null = null): Promise<string> {
  const report = await dueDiligence.report(viewer, projectId, dataVersion).catch((error: unknown) => {
    throw isClientError(error) ? new ClientError(error.code, error.message) : error;
  });
  return renderProjectReport(report);
}

/**
 * The public quarry-area list as CSV (`GET /reports/quarry-areas/2025.csv`), and a project's
 * printable due-diligence report (`GET /projects/<id>/report`, with the same token and visibility
 * as the `dueDiligence` query; a project the caller may not see is 404, like one that does not exist).
 */
export const reportingRoutes: FastifyPluginAsync<{ report: QuarryAreaReport; dueDiligence: DueDiligence }> = async (app, { report, dueDiligence }) => {
  // User-written text is escaped; the policy is the second fence: no scripts, no outside requests.
  const reportPolicy = pagePolicy({ defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'none'"] });
  app.get<{ Params: { id: string } }>('/projects/:id/report', { ...reportPolicy, onRequest: requireKey() }, async (request, reply) => {
    const args = dueDiligenceArgs.safeParse({ projectId: request.params.id });
    if (!args.success) throw clientError('NOT_FOUND', 'no such project');
    // The guard admitted only callers with a key.
    const html = await reportPage(dueDiligence, request.viewer!, args.data.projectId, request.dataVersion);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  app.get<{ Params: { file: string } }>('/reports/quarry-areas/:file', async (request, reply) => {
    const match = /^(\d{4})\.csv$/.exec(request.params.file);
    const year = reportYear.safeParse(match ? Number(match[1]) : NaN);
    if (!year.success) throw clientError('NOT_FOUND', 'expected /reports/quarry-areas/<year>.csv, year 2000-2100');
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="quarry-areas-${year.data}.csv"`)
      .send(quarryAreasCsv(await report.forYear(year.data)));
  });
};
