import t from 'tap';
import { clientError, codeOfStatus, httpStatusOf } from '../../../src/shared/errors.js';

t.test('a status Fastify refuses with is named by a code that is answered with that same status', async (t) => {
  for (const [status, code] of Object.entries(codeOfStatus))
    t.equal(httpStatusOf[code], Number(status), `${status}: ${code}`);
});

t.test('a client error carries its code, its details and the status of its code', async (t) => {
  const error = clientError('PAYLOAD_TOO_LARGE', 'too large', { maxBytes: 10 });
  t.same(error.extensions, { code: 'PAYLOAD_TOO_LARGE', maxBytes: 10 });
  t.equal(error.httpStatus, 413);
  // mercurius answers a GraphQL request with an error's `statusCode` when no data is left.
  t.notOk('statusCode' in error, 'no statusCode for mercurius to answer a GraphQL request with');
});
