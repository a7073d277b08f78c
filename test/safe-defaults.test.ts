import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import t from 'tap';
import { KeyStore } from '../src/auth/keys.js';
import { newToken } from '../src/auth/tokens.js';
import { activeSampleKeys, checkSampleKeys, guardAgainstSampleKeys } from '../src/seed/sampleKeys.js';
import { readDataset, type Dataset } from '../src/seed/dataset.js';
import { loadDataset } from '../src/seed/load.js';
import { testApp, testConfig } from './helpers/app.js';
import { emptyDataset } from './helpers/chain.js';

/** Published sample keys never serve beyond loopback. */

t.test('live sample keys stop a non-loopback HOST until they are revoked', async (t) => {
  const app = await testApp(t);
  // Keys of this test's own, so revoking them disturbs no other test using the real sample keys.
  const sample: Dataset = {
    ...emptyDataset(),
    apiKeys: (['ADMIN', 'ANALYST'] as const).map((role) => ({
      key: `t-${randomBytes(6).toString('hex')}`,
      role,
      organisation: null,
      note: 'test',
      token: newToken().token,
    })),
  };
  await loadDataset(app.graph, sample);

  t.equal(
    await checkSampleKeys(app.graph, '127.0.0.1', sample),
    null,
    'loopback: the development set-up may run with them',
  );
  const refusal = await checkSampleKeys(app.graph, '0.0.0.0', sample);
  t.match(refusal, /refusing to listen on 0\.0\.0\.0/, 'any other address is refused');
  t.match(refusal, /published/, 'saying why');
  const ids = (await activeSampleKeys(app.graph, sample)).map((key) => key.id);
  t.equal(ids.length, 2);
  for (const id of ids) t.match(refusal, `npm run keys -- revoke ${id}`, 'and how to fix it');

  const keys = new KeyStore(app.graph);
  await keys.revoke(ids[0]!);
  t.match(await checkSampleKeys(app.graph, '0.0.0.0', sample), ids[1]!, 'one left live is still refused');
  t.notMatch(await checkSampleKeys(app.graph, '0.0.0.0', sample), ids[0]!, 'the revoked one is not named');
  await keys.revoke(ids[1]!);
  t.equal(await checkSampleKeys(app.graph, '0.0.0.0', sample), null, 'all revoked: it may listen');
});

t.test(
  'on a non-loopback HOST only the health checks answer until the sample keys are known to be revoked',
  async (t) => {
    const sampleKeys = async (live: boolean) => {
      const app = await testApp(t);
      const sample: Dataset = {
        ...emptyDataset(),
        apiKeys: [
          {
            key: `t-${randomBytes(6).toString('hex')}`,
            role: 'ADMIN',
            organisation: null,
            note: 'test',
            token: newToken().token,
          },
        ],
      };
      await loadDataset(app.graph, sample);
      if (!live)
        for (const { id } of await activeSampleKeys(app.graph, sample)) await new KeyStore(app.graph).revoke(id);
      return { app, sample };
    };

    const live = await sampleKeys(true);
    const refused = new Promise<string>((resolve) => guardAgainstSampleKeys(live.app, '0.0.0.0', live.sample, resolve));
    const answer = await live.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } });
    t.equal(answer.statusCode, 503, 'GraphQL is not served while the check runs or after it refused');
    t.equal((await live.app.inject({ url: '/healthz' })).statusCode, 200, 'liveness still answers');
    t.match(await refused, /refusing to listen on 0\.0\.0\.0/, 'the refusal says why');

    const revoked = await sampleKeys(false);
    const cleared = new Promise<void>((resolve) => {
      guardAgainstSampleKeys(revoked.app, '0.0.0.0', revoked.sample, () =>
        t.fail('no live sample key: nothing to refuse'),
      );
      // The check clears the gate asynchronously; poll a cheap request until it is served.
      const poll = async (): Promise<void> => {
        const status = (
          await revoked.app.inject({ method: 'POST', url: '/graphql', payload: { query: '{ __typename }' } })
        ).statusCode;
        if (status === 200) resolve();
        else setTimeout(() => void poll(), 50);
      };
      void poll();
    });
    await cleared;
    t.pass('with every sample key revoked, GraphQL is served');
  },
);

t.test(
  'npm start on a non-loopback HOST with the sample keys live serves nothing and exits',
  { timeout: 120_000 },
  async (t) => {
    const app = await testApp(t);
    const dataset = readDataset();
    await loadDataset(app.graph, dataset);
    if ((await activeSampleKeys(app.graph, dataset)).length === 0) {
      t.plan(0, 'the sample keys are revoked in this database');
      return;
    }
    const { neo4j } = testConfig();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: '0', NEO4J_URI: neo4j.uri, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    t.equal(code, 1, 'it exits with an error');
    t.match(output, /refusing to listen on 0\.0\.0\.0/, 'saying why');
    t.match(output, /npm run keys -- revoke d000000000000001/, 'and how to fix it');
  },
);
