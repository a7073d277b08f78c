import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { Agent, request as httpRequest } from 'node:http';
import { cypherChannel, type CypherEvent } from '../../src/db/graph.js';

/** One GraphQL request of the benchmark: its JSON body and Authorization header. */
export interface ApiRequest {
  body: string;
  authorization: string;
}

/**
 * Connections are kept alive, as a browser or a service client keeps them. The client is node:http
 * rather than `fetch`: fetch's web streams cost about 0.7 ms more per request on this machine, on
 * the event loop the API runs on, so every API figure carried that much of the client's work.
 */
const agent = new Agent({ keepAlive: true });

/** Posts one GraphQL request and times it, body read included. */
export function postTrace(url: string, request: ApiRequest): Promise<{ ms: number; status: number; text: string }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const post = httpRequest(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
          authorization: request.authorization,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            ms: performance.now() - start,
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    post.on('error', reject);
    post.end(request.body);
  });
}

/**
 * Runs `work` and returns what it resolved to with every Cypher statement the service sent meanwhile
 * (from `cypherChannel`). Only for work that runs alone: the channel does not say who sent what.
 */
export async function withCypherEvents<T>(work: () => Promise<T>): Promise<{ result: T; events: CypherEvent[] }> {
  const events: CypherEvent[] = [];
  const listener = (event: unknown): void => void events.push(event as CypherEvent);
  subscribe(cypherChannel.name, listener);
  try {
    return { result: await work(), events };
  } finally {
    unsubscribe(cypherChannel.name, listener);
  }
}
