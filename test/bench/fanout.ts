import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { KeyStore } from '../../src/auth/keys.js';
import { ChainBuilder } from '../helpers/chain.js';
import { ms, ratio, summarize, table } from './stats.js';

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
    chain.quarry(`${name} quarry`, { country: 'VN', region: 'Thanh Hoa', stoneTypes: ['BLUESTONE'] }).processor(name, 'VN').link(`${name} quarry`, name, link);
  chain.importer('wide').project('wide project').delivery('wide project', 'wide', bluestone);
  for (let i = 0; i < SUPPLIERS; i++) supplier(`wide ${i}`).link(`wide ${i}`, 'wide', bluestone);
  chain.importer('single').project('single project').delivery('single project', 'single', bluestone);
  supplier('single 0').link('single 0', 'single', bluestone);
  chain.importer('mesh').project('mesh project').delivery('mesh project', 'mesh', { ...bluestone, deliveredOn: '1990-06-01' });
  for (let i = 0; i < MESH_PROCESSORS; i++) {
    supplier(`mesh ${i}`, meshed).link(`mesh ${i}`, 'mesh', meshed);
    for (let j = 0; j < MESH_PROCESSORS; j++) if (j !== i) chain.link(`mesh ${i}`, `mesh ${j}`, meshed);
  }
  await chain.save(app.graph);
  return { wide: chain.id('wide project'), single: chain.id('single project'), mesh: chain.id('mesh project') };
}

/**
 * `dueDiligence` of a trace whose importer has 2,000 suppliers against a one-supplier trace
 * (sequential, taking turns; target: at most 10x), the event-loop delay while the wide one is
 * answered (target: no stretch over 100 ms), and what the mesh gets: an answer or a refusal, in
 * how long. Its records stay in an external Neo4j (ids are not `bench-...`). Resolves to false when
 * a trace that should answer did not.
 */
export async function benchFanout(app: FastifyInstance, url: string, keyNote: string, rounds = 20): Promise<boolean> {
  const projects = await buildChains(app);
  const { token } = await new KeyStore(app.graph).issue('ADMIN', null, keyNote);
  const post = async (projectId: string) => {
    const start = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: DUE_DILIGENCE, variables: { id: projectId } }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    return { ms: performance.now() - start, status: response.status, error: body.errors?.[0] };
  };

  const problems: string[] = [];
  const times = { wide: [] as number[], single: [] as number[] };
  const delay = monitorEventLoopDelay({ resolution: 10 });
  for (let round = 0; round < rounds + 1; round++) {
    for (const kind of round % 2 ? (['wide', 'single'] as const) : (['single', 'wide'] as const)) {
      if (kind === 'wide') delay.enable();
      const answer = await post(projects[kind]);
      if (kind === 'wide') delay.disable();
      if (answer.status !== 200 || answer.error) problems.push(`dueDiligence of the ${kind} trace: HTTP ${answer.status} ${answer.error?.message ?? ''}`);
      // The first round plans the queries and warms the code up: not counted.
      else if (round > 0) times[kind].push(answer.ms);
    }
  }
  const wide = summarize(times.wide);
  const single = summarize(times.single);
  console.log(`   dueDiligence, sequential, ${rounds} each (ms); ADMIN key`);
  console.log(
    table([
      ['trace', 'n', 'p50', 'p99', 'max'],
      [`importer with ${SUPPLIERS.toLocaleString('en')} suppliers`, String(wide.count), ms(wide.p50), ms(wide.p99), ms(wide.max)],
      ['importer with 1 supplier', String(single.count), ms(single.p50), ms(single.p99), ms(single.max)],
    ]),
  );
  console.log(`   p50 ratio ${ratio(wide.p50, single.p50)} (target: at most 10x)`);
  console.log(
    `   event-loop delay while the wide trace is answered: p99 ${ms(delay.percentile(99) / 1e6)} ms, max ${ms(delay.max / 1e6)} ms (target: under 100 ms)`,
  );

  const mesh = await post(projects.mesh);
  console.log(
    `   mesh of ${MESH_PROCESSORS} processors linked to each other: ${mesh.error ? `refused with ${mesh.error.extensions?.code ?? '?'}` : 'answered'} ` +
      `in ${ms(mesh.ms)} ms (HTTP ${mesh.status})`,
  );
  for (const problem of problems.slice(0, 5)) console.log(`   problem: ${problem}`);
  return problems.length === 0;
}
