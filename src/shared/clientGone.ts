import type { FastifyReply } from 'fastify';

/**
 * A signal that aborts when the client goes away before its answer is out, for work worth
 * cancelling then (an import's transaction). Not `request.signal`: Node closes the request stream
 * once its body has been read, which aborts that signal for every upload still being processed.
 */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
