import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireKey } from '../auth/guard.js';
import type { Viewer } from '../auth/viewer.js';
import { pagePolicy } from '../edge/browserPolicy.js';
import { toCsv } from '../shared/csv.js';
import { ClientError, clientError, isClientError } from '../shared/errors.js';
import type { TraceService } from '../trace/service.js';
import type { DueDiligence, DueDiligencePageRecord } from './dueDiligence.js';
import { chooseLanguage, languageHeaders, languages, wordsFor, type Language, type Words } from './i18n/language.js';
import { originsGeoJson } from './originsGeoJson.js';
import { renderProjectPage, type ProjectPageLinks, type ShareLinkList } from './projectPage.js';
import { renderProjectReport } from './projectReport.js';
import type { SectorProgress } from './progress.js';
import { progressCsv, renderProgressPage } from './progressPage.js';
import type { QuarryAreaReport, QuarryAreaRow } from './quarryAreas.js';
import { dueDiligenceArgs, reportYear } from './validation.js';

const quarryAreasCsv = (rows: QuarryAreaRow[]): string =>
  toCsv(
    ['country', 'area', 'label', 'companies'],
    rows.map((r) => [r.country, r.area, r.label, r.companies]),
  );

/**
 * What `read` answers for a project, for the routes that serve it as a page or a file. A refusal
 * (NOT_FOUND, absent or not the caller's alike, or TRACE_TOO_COMPLEX) is thrown with its code and
 * message only: a page names no more than that, where GraphQL's extensions name the record or the limit.
 */
export function readForPage<T>(read: Promise<T>): Promise<T> {
  return read.catch((error: unknown) => {
    throw isClientError(error) ? new ClientError(error.code, error.message) : error;
  });
}

/** A project's printable report as `viewer` sees it, in the reader's words. */
export async function reportPage(
  dueDiligence: DueDiligence,
  viewer: Viewer,
  projectId: string,
  words: Words,
  dataVersion: number | null = null,
): Promise<string> {
  return renderProjectReport(await readForPage(dueDiligence.page(viewer, projectId, dataVersion)), words);
}

interface ProgressRoute {
  Querystring: { year?: string; lang?: string };
}

/** The year asked for (`?year=2025`), this year (UTC) without one; a year outside 2000-2100 is a page that does not exist. */
function progressYear(request: FastifyRequest<ProgressRoute>): number {
  const asked = request.query.year;
  const year = reportYear.safeParse(asked === undefined ? new Date().getUTCFullYear() : Number(asked));
  if (!year.success || (asked !== undefined && !/^\d{4}$/.test(asked)))
    throw clientError('NOT_FOUND', 'expected ?year=<year>, 2000-2100');
  return year.data;
}

/**
 * The sector's progress (`GET /reports/progress`, a page with its chart, and `/reports/progress.csv`),
 * public like the list: the sector's figures only, suppressed alike (a MEMBER's own are GraphQL's).
 */
function progressRoutes(app: FastifyInstance, progress: SectorProgress): void {
  const publicPage = pagePolicy({ defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'none'"] });
  app.get<ProgressRoute>('/reports/progress', publicPage, async (request, reply) => {
    const year = progressYear(request);
    const language = chooseLanguage(request.query.lang, request.headers['accept-language']);
    const links = {
      csv: `/reports/progress.csv?year=${year}`,
      otherLanguages: languages
        .filter((other) => other !== language)
        .map((other) => ({
          href: `/reports/progress?year=${year}&lang=${other}`,
          language: other,
          name: wordsFor(other).text.languageName,
        })),
    };
    return sendPage(reply, language, renderProgressPage(await progress.forYear(year, null), wordsFor(language), links));
  });

  app.get<ProgressRoute>('/reports/progress.csv', async (request, reply) => {
    const year = progressYear(request);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="progress-${year}.csv"`)
      .send(progressCsv(await progress.forYear(year, null)));
  });
}

/** The viewer `requireKey` let through, by API key or browser session. */
function viewerOf(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new Error(`${request.url} was served without its sign-in check`);
  return request.viewer;
}

interface ProjectRoute {
  Params: { id: string };
  Querystring: { lang?: string };
}
type ProjectRequest = FastifyRequest<ProjectRoute>;

const languageOf = (request: ProjectRequest): Language =>
  chooseLanguage(request.query.lang, request.headers['accept-language']);

const projectPath = (id: string): string => `/projects/${encodeURIComponent(id)}`;

/** What `read` answers for the requested project; a malformed id is a project that does not exist. */
function forProject<T>(request: ProjectRequest, read: (viewer: Viewer, projectId: string) => Promise<T>): Promise<T> {
  const args = dueDiligenceArgs.safeParse({ projectId: request.params.id });
  if (!args.success) throw clientError('NOT_FOUND', 'no such project');
  return readForPage(read(viewerOf(request), args.data.projectId));
}

const sendPage = (reply: FastifyReply, language: Language, html: string): FastifyReply =>
  reply
    .type('text/html; charset=utf-8')
    .headers(languageHeaders(language))
    .header('cache-control', 'no-store')
    .send(html);

/** Where the project page links to, in the page's language. */
function projectPageLinks(projectId: string, language: Language): ProjectPageLinks {
  const path = projectPath(projectId);
  return {
    report: `${path}/report?lang=${language}`,
    geojson: `${path}/origins.geojson`,
    otherLanguages: languages
      .filter((other) => other !== language)
      .map((other) => ({ href: `${path}?lang=${other}`, language: other, name: wordsFor(other).text.languageName })),
  };
}

/**
 * The public quarry-area list as CSV (`GET /reports/quarry-areas/2025.csv`), and a project's pages,
 * with the same visibility as the `dueDiligence` query: the project page (`GET /projects/<id>`),
 * listing the buyer's share links, the printable report (`/projects/<id>/report`), both in English or Dutch, and the origins as
 * GeoJSON (`/projects/<id>/origins.geojson`). The caller is the API key of the Authorization header
 * or of the browser's session (`requireKey`).
 */
export interface ReportingRouteOptions {
  report: QuarryAreaReport;
  progress: SectorProgress;
  dueDiligence: DueDiligence;
  traces: TraceService;
  /** Handed down by the app: the project's share links, or null for a viewer who may not manage them. */
  shareLinksOf: (viewer: Viewer, projectId: string) => Promise<ShareLinkList | null>;
}

export const reportingRoutes: FastifyPluginAsync<ReportingRouteOptions> = async (
  app,
  { report, progress, dueDiligence, traces, shareLinksOf },
) => {
  // User-written text is escaped; the policy is the second fence: no scripts, no outside requests.
  const page = {
    ...pagePolicy({ defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'none'"] }),
    onRequest: requireKey(),
  };
  const reportFor = (request: ProjectRequest): Promise<DueDiligencePageRecord> =>
    forProject(request, (viewer, projectId) => dueDiligence.page(viewer, projectId, request.dataVersion));

  app.get<ProjectRoute>('/projects/:id', page, async (request, reply) => {
    const record = await reportFor(request);
    const language = languageOf(request);
    const shareLinks = await shareLinksOf(viewerOf(request), record.project.id);
    return sendPage(
      reply,
      language,
      renderProjectPage(record, wordsFor(language), projectPageLinks(record.project.id, language), shareLinks),
    );
  });

  app.get<ProjectRoute>('/projects/:id/report', page, async (request, reply) => {
    const record = await reportFor(request);
    const language = languageOf(request);
    return sendPage(reply, language, renderProjectReport(record, wordsFor(language)));
  });

  app.get<ProjectRoute>('/projects/:id/origins.geojson', { onRequest: requireKey() }, async (request, reply) => {
    // Only where the stone comes from: a trace without its risk evidence is about half the work.
    const trace = await forProject(request, (viewer, projectId) =>
      traces.trace(viewer, projectId, null, false, request.dataVersion),
    );
    return reply
      .type('application/geo+json')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="origins-${trace.project.id}.geojson"`)
      .send(JSON.stringify(originsGeoJson(trace.origins)));
  });

  progressRoutes(app, progress);

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
