import formbody from '@fastify/formbody';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { pagePolicy } from '../edge/browserPolicy.js';
import { chooseLanguage, languageHeaders, wordsFor, type Language } from '../reporting/i18n/language.js';
import { pageStyleSource } from '../shared/html.js';
import type { ComplaintCommands } from './commands.js';
import type { ComplaintText } from './i18n/catalogue.js';
import { en } from './i18n/en.js';
import { nl } from './i18n/nl.js';
import {
  complaintForm,
  inputOf,
  problemsOf,
  receiptPage,
  statusForm,
  statusPage,
  type FormNotice,
  type FormValues,
  type PageWords,
} from './pages.js';
import type { Complaints } from './service.js';
import { complaintInput } from './validation.js';

const catalogues: Record<Language, ComplaintText> = { en, nl };

const statusPath = '/complaints/status';

const pageOptions = pagePolicy({ defaultSrc: ["'none'"], styleSrc: [pageStyleSource], formAction: ["'self'"] });

type Body = FormValues | undefined;

/** `?lang=`, else the posted form's language, else Accept-Language. */
function wordsOf(request: FastifyRequest<{ Querystring: { lang?: string } }>): PageWords {
  const posted = (request.body as Body)?.lang;
  const language = chooseLanguage(
    request.query.lang ?? (typeof posted === 'string' ? posted : undefined),
    request.headers['accept-language'],
  );
  return { text: catalogues[language], themes: wordsFor(language).text.themes, language };
}

/** Never cached or indexed: the receipt holds a secret, and a form holds its CSRF token. */
const sendPage = (reply: FastifyReply, status: number, words: PageWords, html: string): FastifyReply =>
  reply
    .code(status)
    .headers(languageHeaders(words.language as Language))
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(html);

/** The complaint form again (or anew), with a fresh CSRF token and what the person filled in. */
const sendForm = (request: FastifyRequest, reply: FastifyReply, status: number, notice: FormNotice | null) => {
  const words = wordsOf(request as FastifyRequest<{ Querystring: { lang?: string } }>);
  const values = notice?.kind === 'expired' ? {} : ((request.body as Body) ?? {});
  return sendPage(reply, status, words, complaintForm(words, { csrfToken: reply.generateCsrf(), values, notice }));
};

/** The status form, with a fresh CSRF token and the reference as typed. */
const sendStatusForm = (request: FastifyRequest, reply: FastifyReply, status: number, notFound: boolean) => {
  const words = wordsOf(request as FastifyRequest<{ Querystring: { lang?: string } }>);
  const reference = (request.body as Body)?.reference;
  const html = statusForm(words, {
    csrfToken: reply.generateCsrf(),
    reference: typeof reference === 'string' ? reference : '',
    notFound,
  });
  return sendPage(reply, status, words, html);
};

/**
 * `GET /complaints/new` and `POST /complaints`: the complaint form for people without an account,
 * in the languages of the catalogues, working without JavaScript. The post carries the form's CSRF
 * token (else the form again, 403) and counts against the same per-address budget as
 * fileComplaint (else the form again, 429); an accepted one answers the receipt, once.
 * `GET /complaints/status` and `POST /complaints/status`: the same for complaintStatus, the
 * reference and code posted (never in the address, where logs and history would keep the code).
 */
export const complaintRoutes: FastifyPluginAsync<{ commands: ComplaintCommands; complaints: Complaints }> = async (
  pages,
  { commands, complaints },
) => {
  // A complaint is a few kilobytes of text at most.
  await pages.register(formbody, { bodyLimit: 32_768 });
  const checkCsrf: preHandlerHookHandler = (request, reply, done) => pages.csrfProtection(request, reply, done);
  pages.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (!error.code.startsWith('FST_CSRF_')) throw error;
    request.log.warn({ url: request.url }, 'form refused: no valid CSRF token');
    if (request.url.startsWith(statusPath)) return sendStatusForm(request, reply, 403, false);
    return sendForm(request, reply, 403, { kind: 'expired' });
  });

  pages.get<{ Querystring: { lang?: string } }>('/complaints/new', pageOptions, async (request, reply) =>
    sendForm(request, reply, 200, null),
  );

  pages.post<{ Querystring: { lang?: string }; Body: Body }>(
    '/complaints',
    { ...pageOptions, preHandler: checkCsrf },
    async (request, reply) => {
      const parsed = complaintInput.safeParse(inputOf(request.body ?? {}));
      if (!parsed.success)
        return sendForm(request, reply, 400, { kind: 'problems', problems: problemsOf(parsed.error) });
      const refused = await pages.chargeComplaint(request, reply);
      if (refused) {
        const seconds = Number(refused.extensions.retryAfterSeconds);
        return sendForm(request, reply, 429, { kind: 'limited', minutes: Math.max(1, Math.ceil(seconds / 60)) });
      }
      const receipt = await commands.file(parsed.data);
      return sendPage(reply, 200, wordsOf(request), receiptPage(wordsOf(request), receipt));
    },
  );

  pages.get<{ Querystring: { lang?: string } }>(statusPath, pageOptions, async (request, reply) =>
    sendStatusForm(request, reply, 200, false),
  );

  // Answered as complaintStatus answers: a wrong code and an unknown reference alike (404).
  pages.post<{ Querystring: { lang?: string }; Body: Body }>(
    statusPath,
    { ...pageOptions, preHandler: checkCsrf },
    async (request, reply) => {
      const field = (name: string): string => {
        const value = request.body?.[name];
        return typeof value === 'string' ? value : '';
      };
      const view = await complaints.status(field('reference'), field('followUpCode')).catch(() => null);
      if (!view) return sendStatusForm(request, reply, 404, true);
      return sendPage(reply, 200, wordsOf(request), statusPage(wordsOf(request), view));
    },
  );
};
