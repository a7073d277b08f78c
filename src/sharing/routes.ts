import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { pagePolicy } from '../edge/browserPolicy.js';
import type { DueDiligence } from '../reporting/dueDiligence.js';
import { chooseLanguage, languageHeaders, wordsFor } from '../reporting/i18n/language.js';
import { reportPage } from '../reporting/routes.js';
import { sharedReportPath } from './access.js';
import { goneLinkPage, unknownLinkPage } from './pages.js';
import type { ReportLinks } from './service.js';
import { linkToken } from './validation.js';

/**
 * `GET /reports/shared/<token>`: the report a link opens, without a key. It is made afresh at every
 * visit, as the project's buyer would see it that day, in English or Dutch like the report route
 * (`?lang=`, else Accept-Language); a link past its last day, or revoked, answers 410 with a page
 * saying so. The pages are never cached, indexed or referred onwards
 * (helmet's Referrer-Policy: no-referrer), since the address itself is the secret.
 */
export const sharedReportRoutes: FastifyPluginAsync<{ links: ReportLinks; dueDiligence: DueDiligence }> = async (
  app,
  { links, dueDiligence },
) => {
  // The report's own policy: its inline styles and nothing else; the link pages fit within it.
  const policy = pagePolicy({ defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], formAction: ["'none'"] });

  const page = (reply: FastifyReply, status: number, html: string): FastifyReply =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('x-robots-tag', 'noindex')
      .send(html);

  app.get<{ Params: { token: string }; Querystring: { lang?: string } }>(
    sharedReportPath(':token'),
    policy,
    async (request, reply) => {
      const token = linkToken.safeParse(request.params.token);
      const opened = token.success ? await links.open(token.data) : ({ state: 'unknown' } as const);
      if (opened.state === 'unknown') return page(reply, 404, unknownLinkPage());
      if (opened.state === 'gone') return page(reply, 410, goneLinkPage(opened.link));
      const language = chooseLanguage(request.query.lang, request.headers['accept-language']);
      const html = await reportPage(dueDiligence, opened.viewer, opened.projectId, wordsFor(language));
      return page(reply.headers(languageHeaders(language)), 200, html);
    },
  );
};
