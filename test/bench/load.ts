import autocannon, { type Result } from 'autocannon';

/**
 * The load generator, run by `run.ts` in a child process (`fork`) so that autocannon's own work
 * (building requests, reading response bodies) does not compete with the API on one event loop.
 * It receives a `LoadTask` over IPC, runs autocannon once and answers with a `LoadReport`.
 */

export interface LoadTask {
  url: string;
  /** Request bodies, sent in rotation (one per request, shared by all connections). */
  bodies: string[];
  connections: number;
  durationS: number;
  timeoutS: number;
}

export interface LoadReport {
  result: Pick<
    Result,
    'duration' | 'connections' | 'errors' | 'timeouts' | 'mismatches' | 'non2xx' | 'resets' | 'statusCodeStats' | 'latency' | 'requests' | 'throughput'
  >;
  /** Exact per-response latencies (ms) of 2xx responses; autocannon's histogram rounds to whole ms. */
  latencies: number[];
  responses: number;
  /** 200 responses whose body carries GraphQL `errors`. */
  graphqlErrors: number;
  /** 200 responses without a trace in `data`. */
  missingTrace: number;
  firstProblem: string | null;
  bytesReceived: number;
}

async function runLoad(task: LoadTask): Promise<LoadReport> {
  let next = 0;
  let responses = 0;
  let graphqlErrors = 0;
  let missingTrace = 0;
  let bytesReceived = 0;
  let firstProblem: string | null = null;
  const latencies: number[] = [];

  const instance = autocannon({
    url: task.url,
    connections: task.connections,
    duration: task.durationS,
    timeout: task.timeoutS,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: task.bodies[next++ % task.bodies.length] ?? '' }),
        onResponse: (status, body) => {
          responses++;
          bytesReceived += body.length;
          if (status !== 200) {
            firstProblem ??= `HTTP ${status}: ${body.slice(0, 300)}`;
          } else if (body.includes('"errors":')) {
            graphqlErrors++;
            firstProblem ??= body.slice(0, 300);
          } else if (!body.startsWith('{"data":{"trace":{')) {
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
  const { duration, connections, errors, timeouts, mismatches, non2xx, resets, statusCodeStats, latency, requests, throughput } = result;
  return {
    result: { duration, connections, errors, timeouts, mismatches, non2xx, resets, statusCodeStats, latency, requests, throughput },
    latencies,
    responses,
    graphqlErrors,
    missingTrace,
    firstProblem,
    bytesReceived,
  };
}

const send = process.send?.bind(process);
if (!send) {
  // Not forked by run.ts (e.g. picked up by the test runner): nothing to do.
  console.log('1..0 # SKIP load generator of the benchmark; run it with `npm run bench`');
} else {
  process.once('message', (task: LoadTask) => {
    runLoad(task).then(
      (report) => send({ ok: true, report }, () => process.exit(0)),
      (error: unknown) => send({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.exit(1)),
    );
  });
}
