import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { cypherChannel, type CypherEvent } from '../../src/db/graph.js';

/** One GraphQL request of the benchmark: its JSON body and Authorization header. */
export interface ApiRequest {
  body: string;
  authorization: string;
}

/** Posts one GraphQL request and times it, body read included. */
export async function postTrace(
  url: string,
  request: ApiRequest,
): Promise<{ ms: number; status: number; text: string }> {
  const start = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: request.authorization },
    body: request.body,
  });
  const text = await response.text();
  return { ms: performance.now() - start, status: response.status, text };
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
