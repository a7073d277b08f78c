import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../../src/config.js';
import { processCpuSeconds, type CpuMeter } from './cpu.js';
import { postTrace, withCypherEvents, type ApiRequest } from './http.js';
import type { LoadReport, LoadTask } from './load.js';
import type { PeerMessage, PeerTask } from './peerServer.js';
import { ORIGINS_GRAPHQL } from './roles.js';
import { ms, percentile, table } from './stats.js';

/**
 * stonetrace against a peer built the generic way, with `@neo4j/graphql` and Apollo Server (see
 * peerServer.ts), over the same Neo4j and graph: the same origins-only trace document with the same
 * ADMIN key (the peer checks none), first for equal shares on every sampled project, then under
 * autocannon at 1, 4 and 16 connections, the two taking turns so background noise hits both alike.
 */

const CONNECTION_COUNTS = [1, 4, 16];
/** Runs per side and connection count; the order flips every run. */
const SLICES = 2;
/** Shares are rounded to 12 decimals on both sides: anything above that is a real difference. */
const SHARE_TOLERANCE = 1e-9;
/** The target from 4 connections up: at least this many times the peer's requests/s, and a lower p99. */
const TARGET = { fromConnections: 4, throughput: 1.5 };

export interface PeerProcess {
  url: string;
  pid: number;
  /** The query texts the peer has sent to Neo4j. */
  sentCypher(): Promise<string[]>;
}

export function startPeerInChild(task: PeerTask, children: Set<ChildProcess>): Promise<PeerProcess> {
  // The flag must match PEER_CHILD_FLAG in peerServer.ts (not imported: importing it would start a server here).
  const child = fork(fileURLToPath(new URL('./peerServer.ts', import.meta.url)), ['--stonetrace-bench-peer'], {
    stdio: 'inherit',
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const sentCypher = (): Promise<string[]> =>
    new Promise((resolve) => {
      const answer = (message: PeerMessage): void => {
        if (!('cypher' in message)) return;
        child.off('message', answer);
        resolve(message.cypher);
      };
      child.on('message', answer);
      child.send('cypher');
    });
  return new Promise((resolve, reject) => {
    child.once('message', (message: PeerMessage) => {
      if ('ok' in message && message.ok && child.pid !== undefined)
        resolve({ url: message.url, pid: child.pid, sentCypher });
      else reject(new Error(`the peer did not start: ${'error' in message ? message.error : JSON.stringify(message)}`));
    });
    child.once('exit', (code, signal) => reject(new Error(`the peer exited (${signal ?? code})`)));
    child.once('error', reject);
    child.send(task);
  });
}

export interface OriginsAnswer {
  tracedShare: number;
  origins: { share: number; quarry: { id: string } }[];
}

function originsOf(text: string): OriginsAnswer | null {
  const parsed = JSON.parse(text) as { data?: { trace?: OriginsAnswer | null } | null; errors?: unknown[] };
  return parsed.errors?.length ? null : (parsed.data?.trace ?? null);
}

/** Where two answers differ, or null when their traced share and every origin's share agree. */
export function shareDifference(ours: OriginsAnswer, peer: OriginsAnswer): string | null {
  if (Math.abs(ours.tracedShare - peer.tracedShare) > SHARE_TOLERANCE)
    return `tracedShare ${ours.tracedShare} vs ${peer.tracedShare}`;
  const peerShares = new Map(peer.origins.map((origin) => [origin.quarry.id, origin.share]));
  if (peerShares.size !== ours.origins.length) return `${ours.origins.length} origins vs ${peerShares.size}`;
  for (const origin of ours.origins) {
    const share = peerShares.get(origin.quarry.id);
    if (share === undefined || Math.abs(share - origin.share) > SHARE_TOLERANCE)
      return `${origin.quarry.id}: ${origin.share} vs ${share ?? 'absent'}`;
  }
  return null;
}

interface SideTotals {
  responses: number;
  seconds: number;
  latencies: number[];
  failures: number;
  firstProblem: string | null;
  serverCpu: number;
  neo4jCpu: number;
}

export async function benchPeer(options: {
  config: AppConfig;
  /** stonetrace's GraphQL endpoint (its app runs in this process). */
  apiUrl: string;
  sample: string[];
  adminAuthorization: string;
  cpu: CpuMeter;
  durationS: number;
  runLoad: (task: LoadTask) => Promise<LoadReport>;
  children: Set<ChildProcess>;
}): Promise<{ report: string; problems: string[] }> {
  const { config, apiUrl, sample, cpu } = options;
  const peer = await startPeerInChild(
    {
      neo4j: {
        uri: config.neo4j.uri,
        user: config.neo4j.user,
        password: config.neo4j.password,
        database: config.neo4j.database,
      },
      maxDepth: config.trace.maxDepth,
      maxPaths: config.trace.maxPaths,
      leadTimeDays: config.trace.leadTimeDays,
    },
    options.children,
  );
  const requests: ApiRequest[] = sample.map((id) => ({
    body: JSON.stringify({ query: ORIGINS_GRAPHQL, variables: { id } }),
    authorization: options.adminAuthorization,
  }));
  const problems: string[] = [];

  // Equal shares, project by project (this also warms both up).
  for (const [i, request] of requests.entries()) {
    const [ours, theirs] = [await postTrace(apiUrl, request), await postTrace(peer.url, request)];
    const [a, b] = [originsOf(ours.text), originsOf(theirs.text)];
    const difference = !a || !b ? `no trace: ${(a ? theirs : ours).text.slice(0, 300)}` : shareDifference(a, b);
    if (difference) problems.push(`peer and stonetrace differ on ${sample[i]}: ${difference}`);
  }
  const compared = `shares of ${sample.length} projects: ${problems.length === 0 ? 'equal' : `${problems.length} differ`}`;

  const ourCypher = (await withCypherEvents(() => postTrace(apiUrl, requests[0] as ApiRequest))).events;
  const peerCypher = await peer.sentCypher();

  const totals = new Map<string, SideTotals>();
  const sides = [
    { name: 'stonetrace', url: apiUrl, serverCpu: () => cpu.snapshot().node },
    { name: 'peer', url: peer.url, serverCpu: () => processCpuSeconds(peer.pid) },
  ];
  const durationS = Math.max(1, Math.round(options.durationS / SLICES));
  for (const connections of CONNECTION_COUNTS) {
    for (let slice = 0; slice < SLICES; slice++) {
      for (const side of slice % 2 === 0 ? sides : [...sides].reverse()) {
        const [server0, neo4j0] = [side.serverCpu(), cpu.snapshot().neo4j];
        const load = await options.runLoad({ url: side.url, requests, connections, durationS, timeoutS: 60 });
        const id = `${side.name} ${connections}`;
        const total = totals.get(id) ?? {
          responses: 0,
          seconds: 0,
          latencies: [],
          failures: 0,
          firstProblem: null,
          serverCpu: 0,
          neo4jCpu: 0,
        };
        total.responses += load.responses;
        total.seconds += load.result.duration;
        total.latencies.push(...load.latencies);
        total.failures +=
          load.result.non2xx + load.result.errors + load.result.timeouts + load.graphqlErrors + load.missingTrace;
        total.firstProblem ??= load.firstProblem;
        total.serverCpu += side.serverCpu() - server0;
        total.neo4jCpu += cpu.snapshot().neo4j - neo4j0;
        totals.set(id, total);
      }
    }
  }
  for (const [id, total] of totals) {
    if (total.failures > 0)
      problems.push(`${id} connections: ${total.failures} failed requests, first: ${total.firstProblem}`);
  }

  const perRequest = (seconds: number, t: SideTotals): string => ms((seconds * 1000) / t.responses);
  const rows = CONNECTION_COUNTS.map((connections) => {
    const ours = totals.get(`stonetrace ${connections}`) as SideTotals;
    const theirs = totals.get(`peer ${connections}`) as SideTotals;
    const [oursRps, theirsRps] = [ours.responses / ours.seconds, theirs.responses / theirs.seconds];
    const [oursP99, theirsP99] = [percentile(ours.latencies, 99), percentile(theirs.latencies, 99)];
    const judged = connections >= TARGET.fromConnections;
    return [
      String(connections),
      oursRps.toFixed(1),
      theirsRps.toFixed(1),
      `${(oursRps / theirsRps).toFixed(2)}x${judged && oursRps < TARGET.throughput * theirsRps ? ' (under)' : ''}`,
      ms(percentile(ours.latencies, 50)),
      ms(percentile(theirs.latencies, 50)),
      `${ms(oursP99)}${judged && oursP99 >= theirsP99 ? ' (not lower)' : ''}`,
      ms(theirsP99),
      `${perRequest(ours.serverCpu, ours)} / ${perRequest(ours.neo4jCpu, ours)}`,
      `${perRequest(theirs.serverCpu, theirs)} / ${perRequest(theirs.neo4jCpu, theirs)}`,
    ];
  });
  const indent = (text: string): string => text.replace(/^/gm, '      ');
  return {
    problems,
    report: [
      `\nstonetrace against @neo4j/graphql + Apollo Server (origins-only trace as ADMIN, ${sample.length} projects in rotation, ` +
        `${SLICES} x ${durationS} s per side and connection count, taking turns; ${compared}; ` +
        `target from ${TARGET.fromConnections} connections: stonetrace >= ${TARGET.throughput}x the peer's requests/s, with a lower p99)`,
      table([
        [
          'connections',
          'stonetrace req/s',
          'peer req/s',
          'stonetrace/peer',
          'p50 stonetrace',
          'p50 peer',
          'p99 stonetrace',
          'p99 peer',
          'CPU ms/req stonetrace / Neo4j',
          'CPU ms/req peer / Neo4j',
        ],
        ...rows,
      ]),
      'Cypher stonetrace sends per trace:',
      ...ourCypher.map((event) => `   ${event.routing} ${event.name}:\n${indent(event.text)}`),
      'Cypher the peer sends (its first query reads the server version once):',
      ...peerCypher.map((text) => indent(text)),
    ].join('\n'),
  };
}
