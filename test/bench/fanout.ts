import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { KeyStore } from '../../src/auth/keys.js';
import type { AppConfig } from '../../src/config.js';
import { ChainBuilder } from '../helpers/chain.js';
import { postTrace } from './http.js';
import { ms, ratio, summarize, table } from './stats.js';
import { listening, withoutTraceCache } from './roles.js';

const SUPPLIERS = 2_000;
const MESH_PROCESSORS = 30;

const DUE_DILIGENCE = `query DueDiligence($id: ID!) { dueDiligence(projectId: $id) {
  dataVersion
  origins { tracedShare countries { country share } areas { country region share } quarries { share quarry { id } } }
  risks { theme highestResidualLevel share locations { node { id } link { id } } evidence { id } }
  measures { actionPlans { id company { id } } certificates { id holder { id } } }
} }`;

/**
 * Three bluestone chains of their own beside the generated graph: an importer with 2,000
 * suppliers (processors, each with a quarry), an importer with one, and an importer below a mesh
 * of 30 processors all linked to each other (the depth limit deep).
 */
async function buildChains(app: FastifyInstance): Promise<{ wide: string; single: string; mesh: string }> {
  const chain = new ChainBuilder();
  const bluestone = { stoneType: 'BLUESTONE' } as const;
  // The mesh is dated 1990, before any year the public quarry-area list (which walks every
  // company's chain) can be asked for, so the phases after this one never walk it there.
  const meshed = { ...bluestone, validFrom: '1990-01-01', validTo: '1990-12-31' } as const;
  const supplier = (name: string, link: typeof bluestone | typeof meshed = bluestone) =>
    chain
      .quarry(`${name} quarry`, { country: 'VN', region: 'Thanh Hoa', stoneTypes: ['BLUESTONE'] })
      .processor(name, 'VN')
      .link(`${name} quarry`, name, link);
  chain.importer('wide').project('wide project').delivery('wide project', 'wide', bluestone);
  for (let i = 0; i < SUPPLIERS; i++) supplier(`wide ${i}`).link(`wide ${i}`, 'wide', bluestone);
  chain.importer('single').project('single project').delivery('single project', 'single', bluestone);
  supplier('single 0').link('single 0', 'single', bluestone);
  chain
    .importer('mesh')
    .project('mesh project')
    .delivery('mesh project', 'mesh', { ...bluestone, deliveredOn: '1990-06-01' });
  for (let i = 0; i < MESH_PROCESSORS; i++) {
    supplier(`mesh ${i}`, meshed).link(`mesh ${i}`, 'mesh', meshed);
    for (let j = 0; j < MESH_PROCESSORS; j++) if (j !== i) chain.link(`mesh ${i}`, `mesh ${j}`, meshed);
  }
  await chain.save(app.graph);
  return { wide: chain.id('wide project'), single: chain.id('single project'), mesh: chain.id('mesh project') };
}

type Kind = 'wide' | 'single';

interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

interface Answer {
  ms: number;
  status: number;
  /** The answer's first error, if any (parses the answer). */
  error: () => GraphqlError | undefined;
}

const firstError = (text: string): GraphqlError | undefined => {
  try {
    return (JSON.parse(text) as { errors?: GraphqlError[] }).errors?.[0];
  } catch {
    return { message: `not JSON: ${text.slice(0, 200)}` };
  }
};

interface Measured {
  times: Record<Kind, number[]>;
  /** CPU time of this process (the API, and the client reading the answer), ms per request. */
  cpu: Record<Kind, number>;
  /** The event-loop delay while the wide trace was answered (counted rounds only), ms. */
  delay: { p99: number; max: number };
}

/**
 * Asks `rounds` + 1 times for each trace, taking turns, the first round not counted (it plans the
 * queries, warms the code up and, with the cache on, fills it).
 */
async function measure(
  post: (url: string, projectId: string) => Promise<Answer>,
  url: string,
  projects: Record<Kind, string>,
  rounds: number,
  problems: string[],
): Promise<Measured> {
  const times: Record<Kind, number[]> = { wide: [], single: [] };
  const cpu: Record<Kind, number> = { wide: 0, single: 0 };
  const delay = monitorEventLoopDelay({ resolution: 10 });
  for (let round = 0; round < rounds + 1; round++) {
    for (const kind of round % 2 ? (['wide', 'single'] as const) : (['single', 'wide'] as const)) {
      const counted = round > 0;
      if (kind === 'wide' && counted) delay.enable();
      const cpu0 = process.cpuUsage();
      const answer = await post(url, projects[kind]);
      const used = process.cpuUsage(cpu0);
      if (kind === 'wide' && counted) delay.disable();
      const error = answer.error();
      if (answer.status !== 200 || error)
        problems.push(`dueDiligence of the ${kind} trace: HTTP ${answer.status} ${error?.message ?? ''}`);
      else if (counted) {
        times[kind].push(answer.ms);
        cpu[kind] += (used.user + used.system) / 1000;
      }
    }
  }
  for (const kind of ['wide', 'single'] as const) cpu[kind] /= Math.max(1, times[kind].length);
  return { times, cpu, delay: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 } };
}

/**
 * `dueDiligence` of a trace whose importer has 2,000 suppliers against a one-supplier trace
 * (sequential, taking turns; target: at most 10x), and the event-loop delay while the wide one is
 * answered (target: no stretch over 100 ms): served from the trace cache (hit), and by an app with
 * the cache off (miss), which reads and assembles the trace every time. Then what the mesh gets:
 * an answer or a refusal, in how long. Its records stay in an external Neo4j (ids are not
 * `bench-...`). Resolves to false when a trace that should answer did not.
 */
export async function benchFanout(options: {
  app: FastifyInstance;
  url: string;
  config: AppConfig;
  keyNote: string;
  rounds?: number;
}): Promise<boolean> {
  const { app, url, config, keyNote, rounds = 20 } = options;
  const projects = await buildChains(app);
  const { token } = await new KeyStore(app.graph).issue('ADMIN', null, keyNote);
  // The answer is parsed once the event-loop window has closed: reading 2,000 suppliers' JSON is the client's work, not the API's.
  const post = async (target: string, projectId: string): Promise<Answer> => {
    const body = JSON.stringify({ query: DUE_DILIGENCE, variables: { id: projectId } });
    const answer = await postTrace(target, { body, authorization: `Bearer ${token}` });
    return { ms: answer.ms, status: answer.status, error: () => firstError(answer.text) };
  };

  const problems: string[] = [];
  const uncached = await listening(withoutTraceCache(config));
  const measured = {
    hit: await measure(post, url, projects, rounds, problems),
    miss: await measure(post, uncached.url, projects, rounds, problems),
  };
  await uncached.app.close();
  const rows: string[][] = [
    ['trace', 'served', 'n', 'p50', 'p99', 'max', 'CPU per request', 'p50 ratio wide/single', 'event loop p99 / max'],
  ];
  for (const [served, { times, cpu, delay }] of Object.entries(measured)) {
    const wide = summarize(times.wide);
    const single = summarize(times.single);
    const loop = `${ms(delay.p99)} / ${ms(delay.max)}`;
    rows.push([
      `importer with ${SUPPLIERS.toLocaleString('en')} suppliers`,
      served,
      String(wide.count),
      ms(wide.p50),
      ms(wide.p99),
      ms(wide.max),
      ms(cpu.wide),
      ratio(wide.p50, single.p50),
      loop,
    ]);
    rows.push([
      'importer with 1 supplier',
      served,
      String(single.count),
      ms(single.p50),
      ms(single.p99),
      ms(single.max),
      ms(cpu.single),
      '',
      '',
    ]);
  }
  console.log(
    `   dueDiligence, sequential, ${rounds} each (ms); ADMIN key; hit: from the trace cache, miss: an app with the cache off`,
  );
  console.log(table(rows));
  console.log('   targets: p50 ratio at most 10x; event-loop delay while the wide trace is answered under 100 ms');

  const mesh = await post(url, projects.mesh);
  const meshError = mesh.error();
  console.log(
    `   mesh of ${MESH_PROCESSORS} processors linked to each other: ${meshError ? `refused with ${meshError.extensions?.code ?? '?'}` : 'answered'} ` +
      `in ${ms(mesh.ms)} ms (HTTP ${mesh.status})`,
  );
  for (const problem of problems.slice(0, 5)) console.log(`   problem: ${problem}`);
  return problems.length === 0;
}
