import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { requireKey } from '../auth/guard.js';
import type { ErrorBody } from '../errors/plugin.js';
import { clientError } from '../shared/errors.js';
import { CsvTooLarge } from '../shared/csv.js';
import { recordId } from '../shared/validation.js';
import { ImportTooLargeForDatabase, type SupplyLinkImport } from './supplyLinkImport.js';
import { clientGone } from '../shared/clientGone.js';

const querySchema = z.object({ customerId: recordId.optional() });

/**
 * `POST /import/supply-links` (text/csv): a MEMBER imports its own supplier list; an ADMIN names the
 * customer with `?customerId=`. 200 with counts; 422 listing the first bad rows and counting them
 * all (nothing written); 413 past the byte limit. A client that goes away before the answer ends
 * the import: its transaction is rolled back.
 */
export const supplyLinkImportRoute: FastifyPluginAsync<{ importer: SupplyLinkImport; maxBytes: number }> = async (
  app,
  { importer, maxBytes },
) => {
  const tooLarge = () =>
    clientError('PAYLOAD_TOO_LARGE', `the file is larger than ${maxBytes} bytes; split it`, { maxBytes });

  // The body stays a stream: it is counted and parsed as it arrives, not buffered.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => done(null, payload));

  // An answer given before the whole body was read (a limit, a bad byte) ends the connection:
  // the rest of the upload is not worth reading, and a half-read request cannot be followed by another.
  app.addHook('onSend', async (request, reply) => {
    if (!request.raw.readableEnded) void reply.header('connection', 'close');
  });

  const guard = requireKey({ roles: ['MEMBER', 'ADMIN'], action: 'import supply links' });
  app.post('/import/supply-links', { onRequest: guard }, async (request, reply) => {
    const viewer = request.viewer!; // the guard admitted only MEMBER and ADMIN keys
    const query = querySchema.safeParse(request.query);
    if (!query.success) throw clientError('BAD_USER_INPUT', 'customerId: must be a record id', { field: 'customerId' });
    const customerId = viewer.role === 'MEMBER' ? viewer.orgId! : query.data.customerId;
    if (!customerId)
      throw clientError('BAD_USER_INPUT', 'customerId: an ADMIN import names the customer', { field: 'customerId' });
    if (viewer.role === 'MEMBER' && query.data.customerId && query.data.customerId !== viewer.orgId) {
      throw clientError('FORBIDDEN', 'a MEMBER imports its own suppliers only');
    }
    if (!request.body || typeof (request.body as NodeJS.ReadableStream).pipe !== 'function') {
      throw clientError('UNSUPPORTED_MEDIA_TYPE', 'send the file as text/csv');
    }
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge();

    const cancelled = clientGone(reply);
    try {
      const outcome = await importer.run(viewer, customerId, request.body as AsyncIterable<Buffer>, cancelled);
      if (!outcome.ok) {
        request.log.info({ rows: outcome.rows, errors: outcome.errorCount }, 'supply-link import refused');
        // The file was read and its rows break rules: 422, where a request that is itself malformed is 400.
        const refusal: ErrorBody = {
          error: `${outcome.errorCount} problem(s) in the file; nothing was imported`,
          code: 'BAD_USER_INPUT',
        };
        return await reply
          .code(422)
          .send({ ...refusal, rows: outcome.rows, errorCount: outcome.errorCount, rowErrors: outcome.errors });
      }
      return await reply.send(outcome.result);
    } catch (error) {
      if (error instanceof CsvTooLarge) throw tooLarge();
      if (error instanceof ImportTooLargeForDatabase || !cancelled.aborted) throw error;
      request.log.info('supply-link import cancelled: the client went away; nothing was written');
      // Nobody reads this answer; 499 marks the request in the access log, as proxies do.
      throw clientError('CLIENT_CLOSED_REQUEST', 'the client closed the connection; nothing was imported');
    }
  });
};
