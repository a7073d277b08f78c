import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { cypherChannel, type CypherEvent } from '../../src/db/graph.js';

/** The names of the Cypher statements sent to Neo4j while `work` runs, one per round trip, in order. */
export async function cypherDuring(work: () => Promise<unknown>): Promise<string[]> {
  const names: string[] = [];
  const listener = (message: unknown): void => void names.push((message as CypherEvent).name);
  subscribe(cypherChannel.name, listener);
  try {
    await work();
  } finally {
    unsubscribe(cypherChannel.name, listener);
  }
  return names;
}
