import type { FastifyPluginAsync } from 'fastify';
import type { QuarryAreaReport, QuarryAreaRow } from './quarryAreas.js';
import { reportYear } from './resolvers.js';

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export const toCsv = (rows: QuarryAreaRow[]): string =>
  ['country,area,label,companies', ...rows.map((r) => [r.country, r.area, r.label, r.companies].map(csvCell).join(','))].join('\n') + '\n';

/** The public quarry-area list as CSV: `GET /reports/quarry-areas/2025.csv`. */
export const reportingRoutes: FastifyPluginAsync<{ report: QuarryAreaReport }> = async (app, { report }) => {
  app.get<{ Params: { file: string } }>('/reports/quarry-areas/:file', async (request, reply) => {
    const match = /^(\d{4})\.csv$/.exec(request.params.file);
    const year = reportYear.safeParse(match ? Number(match[1]) : NaN);
    if (!year.success) return reply.code(404).send({ error: 'expected /reports/quarry-areas/<year>.csv, year 2000-2100' });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="quarry-areas-${year.data}.csv"`)
      .send(toCsv(await report.forYear(year.data)));
  });
};
