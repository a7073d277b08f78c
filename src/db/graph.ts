import { channel } from 'node:diagnostics_channel';
import neo4j, {
  isRetryableError,
  Neo4jError,
  type Driver,
  type EagerResult,
  type ManagedTransaction,
  type Record as Neo4jRecord,
  type RoutingControl,
  type Session,
  type SessionMode,
} from 'neo4j-driver';
import type { CapacitySettings, Neo4jConnection } from '../config.js';
import { QueryTimeout, RequestAborted, ServiceError, ServiceUnavailable } from '../shared/errors.js';
import { Liveness } from './liveness.js';

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

/**
 * Every statement made in this process: by name, then by the role it was made for ('' when it is
 * the same for every caller), its text. Texts composed per role exist only once made, so this is
 * what lets the statement snapshot and EXPLAIN tests reach each text as it is sent. A statement
 * made again (by a second app, say) keeps its latest text.
 */
const statementsMade = new Map<string, Map<string, string>>();
let makingForRoles: readonly string[] = [''];

/**
 * Throws unless `maxDepth` may bound a variable-length pattern (`{1,${maxDepth}}`): Cypher takes no
 * parameter there, so the number is written into the text, and only a positive integer may be.
 * It comes from validated configuration; every statement that writes it in checks it here.
 */
export function checkDepth(maxDepth: number): void {
  if (!Number.isInteger(maxDepth) || maxDepth < 1) throw new Error(`invalid depth ${maxDepth}`);
}

export function cypher<Params extends object, Row>(name: string, text: string): CypherQuery<Params, Row> {
  const texts = statementsMade.get(name) ?? new Map<string, string>();
  for (const role of makingForRoles) texts.set(role, text);
  statementsMade.set(name, texts);
  return { name, text };
}

/** Runs `make` (synchronously), recording the statements it makes as those of `roles`. */
export function makingFor<T>(roles: readonly string[], make: () => T): T {
  const outer = makingForRoles;
  makingForRoles = roles;
  try {
    return make();
  } finally {
    makingForRoles = outer;
  }
}

export interface StatementMade {
  name: string;
  /** '' for a statement that is the same for every caller. */
  role: string;
  text: string;
}

const byKey = <T>([a]: [string, T], [b]: [string, T]): number => (a < b ? -1 : a > b ? 1 : 0);

/** The statements made so far, ordered by name, then role. */
export function statementsMadeSoFar(): StatementMade[] {
  return [...statementsMade]
    .sort(byKey)
    .flatMap(([name, texts]) => [...texts].sort(byKey).map(([role, text]) => ({ name, role, text })));
}

/** Every round trip to Neo4j is published here, for diagnostics and for tests that count them. */
export const cypherChannel = channel('stonetrace:cypher');

export interface CypherEvent {
  name: string;
  routing: 'READ' | 'WRITE';
  text: string;
  params: object;
}

function announce(query: CypherQuery<object, unknown>, params: object, routing: CypherEvent['routing']): void {
  if (cypherChannel.hasSubscribers)
    cypherChannel.publish({ name: query.name, routing, text: query.text, params } satisfies CypherEvent);
}

/**
 * A record as an object of its fields. The driver's `toObject` walks a transpiled generator, which
 * allocates at every step: on the 8,000 rows of a wide trace it took 8 to 13 ms of CPU and a sixth
 * of the bytes the request allocated; this loop takes under 1 ms.
 */
function plainRecord<R>(record: Neo4jRecord): R {
  const object: Record<string, unknown> = {};
  const { keys } = record;
  for (let i = 0; i < keys.length; i++) object[keys[i] as string] = record.get(i);
  return object as R;
}

export class GraphTransaction {
  constructor(
    private readonly tx: ManagedTransaction,
    private readonly signal: AbortSignal,
  ) {}

  async run<P extends object, R>(query: CypherQuery<P, R>, params: P): Promise<R[]> {
    // Work cancelled between statements stops here rather than sending the next one.
    this.signal.throwIfAborted();
    announce(query, params, 'WRITE');
    const result = await this.tx.run(query.text, params);
    return result.records.map((record) => plainRecord<R>(record));
  }
}

export type GraphLimits = Pick<CapacitySettings, 'transactionTimeoutMs' | 'acquisitionTimeoutMs'>;

export interface TransactionOptions {
  /** Server-side time limit of this transaction (default: the configured transaction timeout). */
  timeoutMs?: number;
  /** Aborting it (say, the client went away) rolls the transaction back and frees its connection. */
  signal?: AbortSignal;
}

export interface WriteOptions extends TransactionOptions {
  /**
   * False only for statements that change no record a read could return (schema changes, which
   * also may not share a transaction with a data write): every other write moves the data version.
   */
  changesData?: boolean;
}

/**
 * The data version: a counter every data-changing write transaction increments just before it
 * commits, so that a cached read can tell, with one cheap lookup, whether anything changed since.
 * Incremented last, so its lock is held only for the commit: writes do not queue behind each other
 * for longer than that. MERGE under the uniqueness constraint keeps one counter even on a database
 * written before it existed.
 */
const bumpDataVersion = cypher<Record<string, never>, never>(
  'data_version_bump',
  `MERGE (version:DataVersion {id: 'graph'})
   ON CREATE SET version.value = 1
   ON MATCH SET version.value = version.value + 1`,
);

const readDataVersion = cypher<Record<string, never>, { dataVersion: number }>(
  'data_version',
  `MATCH (version:DataVersion {id: 'graph'}) RETURN version.value AS dataVersion`,
);

/** Codes that mean no database is there to answer, whatever the driver managed to reach. */
const unavailableCodes = new Set([
  neo4j.error.SERVICE_UNAVAILABLE,
  neo4j.error.SESSION_EXPIRED,
  'Neo.TransientError.General.DatabaseUnavailable',
]);

/** Transient errors and leader changes are retried this long, within the operation's deadline. */
const retryWindowMs = 1_000;
/** Time for the server's own timeout error to arrive before the client stops waiting for it. */
const deadlineSlackMs = 250;
// 1.5 s of silence: long enough that a live server starved of CPU is not cut off (it can go
// quiet for over 1 s), short enough that requests still answer within 2 s when it hangs.
const liveness = { intervalMs: 200, unresponsiveAfterMs: 1_500 };
/** How long a request waits for that round trip while Neo4j is known to be down. */
const recheckMs = 500;

/**
 * One auto-commit round trip: no transaction function, so no retries to hide a failure behind. An
 * error Neo4j itself sends back (its transaction memory is full, say) still proves it answers;
 * only a database that is not there, or no answer, counts against it.
 */
async function answerOnce(driver: Driver, database: string | undefined): Promise<void> {
  const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
  try {
    await session.run('RETURN 1');
  } catch (error) {
    const answered = error instanceof Neo4jError && error.code.startsWith('Neo.') && !unavailableCodes.has(error.code);
    if (!answered) throw error;
  } finally {
    await session.close();
  }
}

/**
 * The service's only door to Neo4j. Writes go through the driver's transaction functions, reads
 * as auto-commit statements that fall back to one (see `readOnce`); both are retried on transient
 * and cluster-routing errors and share the driver's bookmark manager, so a read after a write sees
 * it even on a cluster (read-your-writes across routing to followers).
 *
 * Every operation is bounded: Neo4j enforces its transaction timeout, a client-side deadline just
 * after it covers a server that stopped answering, and while Neo4j is known to be down (see
 * Liveness) operations in flight are cancelled and new ones refused after one fresh round trip
 * fails. All of these surface as
 * ServiceUnavailable or QueryTimeout, never as driver errors.
 */
export class Graph {
  private readonly liveness: Liveness;
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  private constructor(
    readonly driver: Driver,
    private readonly probeDriver: Driver,
    private readonly database: string | undefined,
    private readonly limits: GraphLimits,
  ) {
    this.liveness = new Liveness(() => answerOnce(probeDriver, database), liveness);
    this.liveness.onDown(() => {
      for (const controller of this.inFlight)
        controller.abort(new ServiceUnavailable({ cause: new Error('Neo4j stopped answering') }));
    });
  }

  static connect(connection: Neo4jConnection, limits: GraphLimits): Graph {
    const auth = neo4j.auth.basic(connection.user, connection.password);
    const driver = neo4j.driver(connection.uri, auth, {
      disableLosslessIntegers: true,
      connectionAcquisitionTimeout: limits.acquisitionTimeoutMs,
      connectionTimeout: limits.acquisitionTimeoutMs,
      maxTransactionRetryTime: retryWindowMs,
      userAgent: 'stonetrace',
    });
    const probeDriver = neo4j.driver(connection.uri, auth, {
      maxConnectionPoolSize: 1,
      connectionTimeout: liveness.unresponsiveAfterMs,
      userAgent: 'stonetrace-liveness',
    });
    return new Graph(driver, probeDriver, connection.database, limits);
  }

  read<P extends object, R>(query: CypherQuery<P, R>, params: P, options: TransactionOptions = {}): Promise<R[]> {
    return this.execute(query, params, 'READ', options);
  }

  write<P extends object, R>(query: CypherQuery<P, R>, params: P, options: WriteOptions = {}): Promise<R[]> {
    if (options.changesData === false) return this.execute(query, params, 'WRITE', options);
    return this.writeTransaction((tx) => tx.run(query, params), options);
  }

  /** The current data version (see `bumpDataVersion`); null before the first write. */
  async dataVersion(options: TransactionOptions = {}): Promise<number | null> {
    const [row] = await this.read(readDataVersion, {}, options);
    return row?.dataVersion ?? null;
  }

  /** Several statements in one write transaction: all or nothing, retried as a whole. */
  writeTransaction<T>(work: (tx: GraphTransaction) => Promise<T>, options: WriteOptions = {}): Promise<T> {
    const timeoutMs = options.timeoutMs ?? this.limits.transactionTimeoutMs;
    return this.bounded(timeoutMs, options.signal, (signal) =>
      this.inSession(neo4j.session.WRITE, signal, (session) =>
        session.executeWrite(
          async (tx) => {
            const graphTx = new GraphTransaction(tx, signal);
            const result = await work(graphTx);
            if (options.changesData !== false) await graphTx.run(bumpDataVersion, {});
            return result;
          },
          { timeout: timeoutMs },
        ),
      ),
    );
  }

  /** Whether Neo4j answers a round trip within `timeoutMs` (for the readiness probe). */
  isReachable(timeoutMs = 750): Promise<boolean> {
    return this.closed ? Promise.resolve(false) : this.liveness.answersWithin(timeoutMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.liveness.stop();
    await this.driver.close();
    await this.probeDriver.close();
  }

  private execute<P extends object, R>(
    query: CypherQuery<P, R>,
    params: P,
    routing: CypherEvent['routing'],
    options: TransactionOptions,
  ): Promise<R[]> {
    const timeoutMs = options.timeoutMs ?? this.limits.transactionTimeoutMs;
    return this.bounded(timeoutMs, options.signal, async (signal) => {
      announce(query, params, routing);
      const records =
        routing === 'READ'
          ? await this.readOnce(query.text, params, timeoutMs, signal)
          : (await this.managed(query.text, params, neo4j.routing.WRITE, timeoutMs, signal)).records;
      return records.map((record) => plainRecord<R>(record));
    });
  }

  /** One statement in a transaction function: BEGIN, RUN, COMMIT, retried on transient errors. */
  private managed(
    text: string,
    params: object,
    routing: RoutingControl,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<EagerResult> {
    return this.driver.executeQuery(text, params, {
      database: this.database,
      routing,
      transactionConfig: { timeout: timeoutMs },
      signal,
    });
  }

  /**
   * A read as one auto-commit statement: its RUN and PULL go out together, where a transaction
   * function adds a BEGIN and a COMMIT and waits for the COMMIT's answer (about 0.5 ms of a 3 ms
   * trace here). Auto-commit statements are not retried by the driver, so one that fails with a
   * retryable error (a follower gone, a stale pooled connection after a restart) is run again as a
   * transaction function, which retries within its window. The session shares the driver's
   * bookmark manager, so on a cluster the read still sees every write that has returned.
   */
  private async readOnce(text: string, params: object, timeoutMs: number, signal: AbortSignal): Promise<Neo4jRecord[]> {
    try {
      return await this.inSession(
        neo4j.session.READ,
        signal,
        async (session) => (await session.run(text, params, { timeout: timeoutMs })).records,
      );
    } catch (error) {
      if (signal.aborted || !isRetryableError(error)) throw error;
      return (await this.managed(text, params, neo4j.routing.READ, timeoutMs, signal)).records;
    }
  }

  /**
   * Runs `work` in a session of its own that shares the driver's bookmark manager. Aborting
   * `signal` closes the session, which resets its connection: Neo4j stops the statement and rolls
   * its transaction back.
   */
  private async inSession<T>(
    accessMode: SessionMode,
    signal: AbortSignal,
    work: (session: Session) => Promise<T>,
  ): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: accessMode,
      bookmarkManager: this.driver.executeQueryBookmarkManager,
    });
    const reset = (): void => void session.close().catch(() => {});
    signal.addEventListener('abort', reset, { once: true });
    try {
      return await work(session);
    } finally {
      signal.removeEventListener('abort', reset);
      // A cancelled session is already closing, and a server that stopped answering never confirms it.
      if (!signal.aborted) await session.close();
    }
  }

  /**
   * Runs `work` with a signal that aborts on the deadline, when Neo4j goes down, or when the
   * caller's signal does, and stops waiting for it at that moment: a connection stuck on a silent
   * server must not hold the request.
   */
  private async bounded<T>(
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
    work: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    // While Neo4j is known to be down, one fresh round trip decides: refused at once if it fails,
    // served if Neo4j is back (the first request after a restart succeeds).
    if (this.liveness.isDown && !(await this.liveness.answersWithin(recheckMs))) {
      throw new ServiceUnavailable({ cause: new Error('Neo4j does not answer') });
    }
    callerSignal?.throwIfAborted();
    const controller = new AbortController();
    const deadline = setTimeout(() => controller.abort(new QueryTimeout(timeoutMs)), timeoutMs + deadlineSlackMs);
    const onCallerAbort = (): void => controller.abort(new RequestAborted());
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    this.inFlight.add(controller);
    const started = Date.now();
    const cancelled = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    try {
      const result = await Promise.race([work(controller.signal), cancelled]);
      this.liveness.heardFrom();
      return result;
    } catch (error) {
      if (error instanceof Neo4jError && error.code.startsWith('Neo.')) this.liveness.heardFrom();
      throw controller.signal.aborted
        ? (controller.signal.reason as Error)
        : translate(error, timeoutMs, Date.now() - started);
    } finally {
      clearTimeout(deadline);
      callerSignal?.removeEventListener('abort', onCallerAbort);
      this.inFlight.delete(controller);
    }
  }
}

/** Driver errors that mean "no database" or "too slow" as the service's own errors; others as they are. */
function translate(error: unknown, timeoutMs: number, elapsedMs: number): unknown {
  if (error instanceof ServiceError || !(error instanceof Neo4jError)) return error;
  if (unavailableCodes.has(error.code) || error.message.startsWith('Connection acquisition timed out')) {
    return new ServiceUnavailable({ cause: error });
  }
  // A timeout that strikes inside a procedure call is reported as a plain termination.
  const timedOut =
    error.code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
    (error.code === 'Neo.ClientError.Transaction.Terminated' && elapsedMs >= timeoutMs);
  return timedOut ? new QueryTimeout(timeoutMs, { cause: error }) : error;
}
