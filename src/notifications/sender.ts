import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup, NonPublicAddress, publicAddressesOf } from './addresses.js';

/** What one attempt came to: the receiver's status, or why there was none. */
export interface AttemptOutcome {
  httpStatus: number | null;
  /** Null when the receiver answered 2xx. */
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

/** At most this much of an answer is read (and thrown away): a receiver cannot keep the worker busy. */
const maxAnswerBytes = 64 * 1024;

/**
 * POSTs `body` to `url` once. The connection's DNS lookup refuses non-public addresses (an IP
 * literal is checked first, since it is not looked up); redirects are not followed, so a 3xx is a
 * failure like any other non-2xx; the whole exchange, connecting included, ends after `timeoutMs`.
 */
export async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  options: SendOptions,
): Promise<AttemptOutcome> {
  const target = new URL(url);
  try {
    await publicAddressesOf(target.hostname, options.allowPrivate);
    const status = await exchange(target, body, headers, options);
    return { httpStatus: status, error: status >= 200 && status < 300 ? null : `the receiver answered ${status}` };
  } catch (error) {
    return { httpStatus: null, error: describe(error, options.timeoutMs) };
  }
}

function exchange(target: URL, body: string, headers: Record<string, string>, options: SendOptions): Promise<number> {
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': Buffer.byteLength(body).toString() },
      lookup: guardedLookup(options.allowPrivate),
      signal: AbortSignal.timeout(options.timeoutMs),
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res: IncomingMessage) => {
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > maxAnswerBytes) res.destroy();
      });
      res.on('close', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(res.statusCode ?? 0));
    });
    req.end(body);
  });
}

/** A failure in words for the delivery log: never the URL (it may hold a token of the receiver's). */
function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof NonPublicAddress) return `refused: ${error.message}`;
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (code) return `connection failed: ${code}`;
  return `failed: ${error instanceof Error ? error.message : String(error)}`;
}
