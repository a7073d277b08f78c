import autocannon, { type Result } from 'autocannon';

/**
 * The load generator, run by `run.ts` in a child process (`fork`) so that autocannon's own work
 * (building requests, reading response bodies) does not compete with the API on one event loop.
 * It receives a `LoadTask` over IPC, runs autocannon once and answers with a `LoadReport`.
 */

export interface LoadTask {
  url: string;
  /** Requests (JSON body and Authorization header), sent in rotation, shared by all connections. */
  requests: { body: string; authorization: string }[];
  connections: number;
  durationS: number;
  timeoutS: number;
  /** The field every 200 answer's `data` must hold (default `trace`). */
  dataField?: string;
}

export interface LoadReport {
  result: Pick<
    Result,
    | 'duration'
    | 'connections'
    | 'errors'
    | 'timeouts'
    | 'mismatches'
    | 'non2xx'
    | 'resets'
    | 'statusCodeStats'
    | 'latency'
    | 'requests'
    | 'throughput'
  >;
  /** Exact per-response latencies (ms) of 2xx responses; autocannon's histogram rounds to whole ms. */
  latencies: number[];
  responses: number;
  /** 200 responses whose body carries GraphQL `errors`. */
  graphqlErrors: number;
  /** 200 responses without the expected field (a trace, unless the task names another) in `data`. */
  missingTrace: number;
  firstProblem: string | null;
  bytesReceived: number;
  /** CPU seconds this load generator used (user + system). */
  cpuSeconds: number;
}

async function runLoad(task: LoadTask): Promise<LoadReport> {
  const cpuStart = process.cpuUsage();
  let next = 0;
  let responses = 0;
  let graphqlErrors = 0;
  let missingTrace = 0;
  let bytesReceived = 0;
  let firstProblem: string | null = null;
  const latencies: number[] = [];
  const expectedStart = `{"data":{"${task.dataField ?? 'trace'}":`;

  const instance = autocannon({
    url: task.url,
    connections: task.connections,
    duration: task.durationS,
    timeout: task.timeoutS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => {
          const spec = task.requests[next++ % task.requests.length];
          if (!spec) throw new Error('no requests to send');
          return { ...request, headers: { ...request.headers, authorization: spec.authorization }, body: spec.body };
        },
        onResponse: (status, body) => {
          responses++;
          bytesReceived += body.length;
          if (status !== 200) {
            firstProblem ??= `HTTP ${status}: ${body.slice(0, 300)}`;
          } else if (body.includes('"errors":')) {
            graphqlErrors++;
            firstProblem ??= body.slice(0, 300);
          } else if (!body.startsWith(expectedStart)) {
            missingTrace++;
            firstProblem ??= body.slice(0, 300);
          }
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
    if (status >= 200 && status < 300) latencies.push(responseTime);
  });
  const result = await instance;
  const {
    duration,
    connections,
    errors,
    timeouts,
    mismatches,
    non2xx,
    resets,
    statusCodeStats,
    latency,
    requests,
    throughput,
  } = result;
  return {
    result: {
      duration,
      connections,
      errors,
      timeouts,
      mismatches,
      non2xx,
      resets,
      statusCodeStats,
      latency,
      requests,
      throughput,
    },
    latencies,
    responses,
    graphqlErrors,
    missingTrace,
    firstProblem,
    bytesReceived,
    cpuSeconds: cpuOf(process.cpuUsage(cpuStart)),
  };
}

function cpuOf(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

/** `run.ts` forks this file with this argument; anything else (the test runner, say) gets a skip. */
const LOAD_CHILD_FLAG = '--stonetrace-bench-load';

function isLoadTask(value: unknown): value is LoadTask {
  const task = value as Partial<LoadTask> | null;
  return (
    typeof task?.url === 'string' &&
    Array.isArray(task.requests) &&
    typeof task.connections === 'number' &&
    typeof task.durationS === 'number'
  );
}

const send = process.send?.bind(process);
if (!send || !process.argv.includes(LOAD_CHILD_FLAG)) {
  // Not forked by run.ts (e.g. picked up by the test runner, which runs every file under test/).
  console.log('1..0 # SKIP load generator of the benchmark; run it with `npm run bench`');
} else {
  process.once('message', (task: unknown) => {
    if (!isLoadTask(task)) {
      send({ ok: false, error: `unexpected message ${JSON.stringify(task).slice(0, 200)}` }, () => process.exit(1));
      return;
    }
    runLoad(task).then(
      (report) => send({ ok: true, report }, () => process.exit(0)),
      (error: unknown) =>
        send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
          process.exit(1),
        ),
    );
  });
}
