import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { recordId } from '../shared/validation.js';
import type { SupplyLinkImport } from './supplyLinkImport.js';

const maxUploadBytes = 20 * 1024 * 1024;
const querySchema = z.object({ customerId: recordId.optional() });

const problem = (code: string, message: string, extra: object = {}) => ({ errors: [{ message, extensions: { code, ...extra } }] });

/**
 * `POST /import/supply-links` (text/csv): a MEMBER imports its own supplier list; an ADMIN names the
 * customer with `?customerId=`. 200 with counts, or 422 listing every bad row (nothing written).
 */
export const supplyLinkImportRoute: FastifyPluginAsync<{ importer: SupplyLinkImport }> = async (app, { importer }) => {
  // The body stays a stream: csv-parse reads it row by row.
  app.addContentTypeParser(['text/csv', 'application/csv'], { bodyLimit: maxUploadBytes }, (_request, payload, done) => done(null, payload));

  app.post('/import/supply-links', { bodyLimit: maxUploadBytes }, async (request, reply) => {
    const viewer = request.viewer;
    if (!viewer) return reply.code(401).send(problem('UNAUTHENTICATED', 'this needs an API key: send Authorization: Bearer <token>'));
    if (viewer.role !== 'MEMBER' && viewer.role !== 'ADMIN') {
      return reply.code(403).send(problem('FORBIDDEN', `${viewer.role} keys may not import supply links`));
    }
    const query = querySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send(problem('BAD_USER_INPUT', 'customerId: must be a record id', { field: 'customerId' }));
    const customerId = viewer.role === 'MEMBER' ? viewer.orgId! : query.data.customerId;
    if (!customerId) return reply.code(400).send(problem('BAD_USER_INPUT', 'customerId: an ADMIN import names the customer', { field: 'customerId' }));
    if (viewer.role === 'MEMBER' && query.data.customerId && query.data.customerId !== viewer.orgId) {
      return reply.code(403).send(problem('FORBIDDEN', 'a MEMBER imports its own suppliers only'));
    }
    if (!request.body || typeof (request.body as NodeJS.ReadableStream).pipe !== 'function') {
      return reply.code(415).send(problem('BAD_USER_INPUT', 'send the file as text/csv'));
    }

    const outcome = await importer.run(viewer, customerId, request.body as NodeJS.ReadableStream as never);
    if (!outcome.ok) {
      request.log.info({ rows: outcome.rows, errors: outcome.errors.length }, 'supply-link import refused');
      return reply.code(422).send({
        errors: [{ message: `${outcome.errors.length} problem(s) in the file; nothing was imported`, extensions: { code: 'BAD_USER_INPUT' } }],
        rows: outcome.rows,
        rowErrors: outcome.errors,
      });
    }
    return reply.send(outcome.result);
  });
};
