import { channel } from 'node:diagnostics_channel';
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { Neo4jConnection } from '../config.js';

/**
 * A named, parameterised Cypher statement. The text is fixed at module load (or, for the trace,
 * from validated configuration at start-up): request input only ever travels as parameters.
 */
export interface CypherQuery<Params extends object, Row> {
  readonly name: string;
  readonly text: string;
  /** Phantom members: carry the parameter and row types to call sites. */
  readonly params?: Params;
  readonly row?: Row;
}

export function cypher<Params extends object, Row>(name: string, text: string): CypherQuery<Params, Row> {
  return { name, text };
}

/** Every round trip to Neo4j is published here (name only), for diagnostics and for tests that count them. */
export const cypherChannel = channel('stonetrace:cypher');

export interface CypherEvent {
  name: string;
  routing: 'READ' | 'WRITE';
}

function announce(name: string, routing: CypherEvent['routing']): void {
  if (cypherChannel.hasSubscribers) cypherChannel.publish({ name, routing } satisfies CypherEvent);
}

export class GraphTransaction {
  constructor(private readonly tx: ManagedTransaction) {}

  async run<P extends object, R>(query: CypherQuery<P, R>, params: P): Promise<R[]> {
    announce(query.name, 'WRITE');
    const result = await this.tx.run(query.text, params);
    return result.records.map((record) => record.toObject() as R);
  }
}

/**
 * The service's only door to Neo4j. Reads and writes go through the driver's transaction functions
 * (retried on transient and cluster-routing errors) and share the driver's bookmark manager, so a
 * read after a write sees it even on a cluster (read-your-writes across routing to followers).
 */
export class Graph {
  private constructor(
    readonly driver: Driver,
    private readonly database: string | undefined,
  ) {}

  static connect(connection: Neo4jConnection): Graph {
    const driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
      disableLosslessIntegers: true,
      connectionAcquisitionTimeout: 10_000,
      connectionTimeout: 5_000,
      maxTransactionRetryTime: 15_000,
      userAgent: 'stonetrace',
    });
    return new Graph(driver, connection.database);
  }

  read<P extends object, R>(query: CypherQuery<P, R>, params: P): Promise<R[]> {
    return this.execute(query, params, 'READ');
  }

  write<P extends object, R>(query: CypherQuery<P, R>, params: P): Promise<R[]> {
    return this.execute(query, params, 'WRITE');
  }

  /**
   * Several statements in one write transaction: all or nothing, retried as a whole. `timeoutMs`
   * bounds it on the server; `signal` ends it early: closing the session resets the connection,
   * which rolls the open transaction back and stops its running statement, then frees the connection.
   */
  async writeTransaction<T>(
    work: (tx: GraphTransaction) => Promise<T>,
    options: { timeoutMs?: number | undefined; signal?: AbortSignal | undefined } = {},
  ): Promise<T> {
    const { timeoutMs, signal } = options;
    signal?.throwIfAborted();
    const session = this.driver.session({
      database: this.database,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    const abort = () => void session.close();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      return await session.executeWrite(
        (tx) => {
          signal?.throwIfAborted();
          return work(new GraphTransaction(tx));
        },
        timeoutMs === undefined ? {} : { timeout: timeoutMs },
      );
    } catch (error) {
      throw signal?.aborted ? signal.reason : error;
    } finally {
      signal?.removeEventListener('abort', abort);
      await session.close();
    }
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.driver.getServerInfo({ database: this.database });
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  private async execute<P extends object, R>(
    query: CypherQuery<P, R>,
    params: P,
    routing: CypherEvent['routing'],
  ): Promise<R[]> {
    announce(query.name, routing);
    const { records } = await this.driver.executeQuery(query.text, params, {
      database: this.database,
      routing: routing === 'READ' ? neo4j.routing.READ : neo4j.routing.WRITE,
    });
    return records.map((record) => record.toObject() as R);
  }
}
