import type { FastifyPluginAsync } from 'fastify';
import { pagePolicy } from '../edge/browserPolicy.js';
import { toCsv } from '../shared/csv.js';
import { isClientError } from '../shared/errors.js';
import type { DueDiligence } from './dueDiligence.js';
import { renderProjectReport } from './projectReport.js';
import type { QuarryAreaReport, QuarryAreaRow } from './quarryAreas.js';
import { dueDiligenceArgs, reportYear } from './validation.js';
import type { ErrorBody } from '../errors/plugin.js';

const quarryAreasCsv = (rows: QuarryAreaRow[]): string =>
  toCsv(['country', 'area', 'label', 'companies'], rows.map((r) => [r.country, r.area, r.label, r.companies]));

const errorBody = (code: string, message: string): ErrorBody => ({ error: message, code });

/**
 * The public quarry-area list as CSV (`GET /reports/quarry-areas/2025.csv`), and a project's
 * printable due-diligence report (`GET /projects/<id>/report`, with the same token and visibility
 * as the `dueDiligence` query; a project the caller may not see is 404, like one that does not exist).
 */
export const reportingRoutes: FastifyPluginAsync<{ report: QuarryAreaReport; dueDiligence: DueDiligence }> = async (app, { report, dueDiligence }) => {
  // User-written text is escaped; the policy is the second fence: no scripts, no outside requests.
  const reportPolicy = pagePolicy({ defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'none'"] });
  app.get<{ Params: { id: string } }>('/projects/:id/report', { ...reportPolicy, onRequest: app.requireViewer }, async (request, reply) => {
    if (!request.viewer) return reply;
    const args = dueDiligenceArgs.safeParse({ projectId: request.params.id });
    if (!args.success) return reply.code(404).send(errorBody('NOT_FOUND', 'no such project'));
    try {
      const html = renderProjectReport(await dueDiligence.report(request.viewer, args.data.projectId, request.dataVersion));
      return await reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(html);
    } catch (error) {
      if (isClientError(error)) {
        const { code } = (error as { extensions?: { code?: string } }).extensions ?? {};
        if (code === 'TRACE_TOO_COMPLEX') return reply.code(422).send(errorBody(code, (error as Error).message));
        return reply.code(404).send(errorBody('NOT_FOUND', (error as Error).message));
      }
      throw error;
    }
  });

  app.get<{ Params: { file: string } }>('/reports/quarry-areas/:file', async (request, reply) => {
    const match = /^(\d{4})\.csv$/.exec(request.params.file);
    const year = reportYear.safeParse(match ? Number(match[1]) : NaN);
    if (!year.success) return reply.code(404).send(errorBody('NOT_FOUND', 'expected /reports/quarry-areas/<year>.csv, year 2000-2100'));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="quarry-areas-${year.data}.csv"`)
      .send(quarryAreasCsv(await report.forYear(year.data)));
  });
};
