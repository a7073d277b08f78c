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
  type FormNotice,
  type FormValues,
  type PageWords,
} from './pages.js';
import { complaintInput } from './validation.js';

const catalogues: Record<Language, ComplaintText> = { en, nl };

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

/**
 * `GET /complaints/new` and `POST /complaints`: the complaint form for people without an account,
 * in the languages of the catalogues, working without JavaScript. The post carries the form's CSRF
 * token (else the form again, 403) and counts against the same per-address budget as
 * fileComplaint (else the form again, 429); an accepted one answers the receipt, once.
 */
export const complaintRoutes: FastifyPluginAsync<{ commands: ComplaintCommands }> = async (pages, { commands }) => {
  // A complaint is a few kilobytes of text at most.
  await pages.register(formbody, { bodyLimit: 32_768 });
  const checkCsrf: preHandlerHookHandler = (request, reply, done) => pages.csrfProtection(request, reply, done);
  const sendForm = (request: FastifyRequest, reply: FastifyReply, status: number, notice: FormNotice | null) => {
    const words = wordsOf(request as FastifyRequest<{ Querystring: { lang?: string } }>);
    const values = notice?.kind === 'expired' ? {} : ((request.body as Body) ?? {});
    return sendPage(reply, status, words, complaintForm(words, { csrfToken: reply.generateCsrf(), values, notice }));
  };

  pages.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (!error.code.startsWith('FST_CSRF_')) throw error;
    request.log.warn({ url: request.url }, 'form refused: no valid CSRF token');
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
};
