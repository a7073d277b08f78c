import t from 'tap';
import { renderChainSankey, wrapWords, type ChainPath, type ChainSite } from '../../../src/reporting/chainSankey.js';

const text = {
  title: 'Chain',
  levels: { LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', SEVERE: 'Severe' },
  levelHeading: 'Highest residual risk',
  noAssessment: 'None assessed',
  unknownOrigin: 'Unknown origin',
  tracedBand: 'Traced',
  gapBand: 'Gap',
} as const;

const site = (id: string, kind: ChainSite['kind'], level: ChainSite['level'] = null, name = id): ChainSite => ({
  id,
  name,
  kind,
  level,
  label: name,
});
const path = (sites: ChainSite[], share: number, gap = false): ChainPath => ({
  sites,
  share,
  gap,
  label: sites.map((s) => s.name).join(' → '),
});

/** Each band: its path index, share, class and the stroke widths of its segments. */
function bands(svg: string) {
  return [
    ...svg.matchAll(/<g class="band (band-traced|band-gap)" data-path="(\d+)" data-share="([\d.e-]+)">(.*?)<\/g>/g),
  ].map(([, kind, index, share, inner]) => ({
    gap: kind === 'band-gap',
    index: Number(index),
    share: Number(share),
    widths: [...inner!.matchAll(/stroke-width="([\d.]+)"/g)].map(([, width]) => Number(width)),
  }));
}

const Q1 = site('q1', 'Quarry', 'SEVERE', 'Quarry one');
const Q2 = site('q2', 'Quarry', 'HIGH', 'Quarry two');
const P = site('p', 'Processor', 'MEDIUM', 'Processor');
const I = site('i', 'Importer', 'LOW', 'Importer');

t.test('one band per path, as wide as its share, every step of the way', async (t) => {
  const paths = [path([Q1, P, I], 0.5), path([Q2, P, I], 0.3), path([Q2, I], 0.15), path([P, I], 0.05, true)];
  const drawn = bands(renderChainSankey({ project: 'Project', paths }, text));
  t.same(
    drawn.map((band) => band.index),
    [0, 1, 2, 3],
    'one band per path',
  );
  t.same(
    drawn.map((band) => band.widths.length),
    [3, 3, 2, 3],
    'a segment per step: quarry → processor → importer → project, and the gap from an unknown origin',
  );
  const perShare = drawn[0]!.widths[0]! / 0.5;
  for (const band of drawn) {
    for (const width of band.widths)
      t.ok(
        Math.abs(width / band.share / perShare - 1) < 0.02,
        `path ${band.index}: width ${width} for share ${band.share}`,
      );
  }
  t.same(
    drawn.map((band) => band.gap),
    [false, false, false, true],
    'the gap is a band of its own kind',
  );
});

t.test('a gap starts at an unknown-origin node before the site where tracing stops', async (t) => {
  const svg = renderChainSankey({ project: 'Project', paths: [path([Q1, I], 0.8), path([P, I], 0.2, true)] }, text);
  t.match(svg, /<g class="node node-unknown"><title>Unknown origin<\/title>/);
  t.match(svg, 'Gap', 'and the legend names gap bands');
});

t.test('sites are coloured by their highest residual level, with a legend', async (t) => {
  const svg = renderChainSankey({ project: 'Project', paths: [path([Q1, P, I], 0.7), path([Q2, I], 0.3)] }, text);
  const fill = (level: string) =>
    new RegExp(`data-level="${level}"><title>[^<]*</title><rect [^>]*fill="(#[0-9a-f]{6})"`).exec(svg)?.[1];
  const fills = ['LOW', 'MEDIUM', 'HIGH', 'SEVERE'].map(fill);
  t.equal(new Set(fills).size, 4, `four levels, four colours: ${fills.join(' ')}`);
  for (const [i, level] of ['Low', 'Medium', 'High', 'Severe', 'None assessed'].entries()) {
    t.match(
      svg,
      new RegExp(`fill="${i < 4 ? fills[i] : '#[0-9a-f]{6}'}"[^>]*/><text[^>]*>${level}</text>`),
      `the legend shows ${level}`,
    );
  }
});

t.test('processors that supply each other still make a diagram, each band left to right', async (t) => {
  const A = site('a', 'Processor', 'HIGH', 'Factory A');
  const B = site('b', 'Processor', 'SEVERE', 'Factory B');
  const paths = [path([Q1, A, I], 0.4), path([Q1, A, B, I], 0.3), path([Q2, B, I], 0.2), path([Q2, B, A, I], 0.1)];
  const svg = renderChainSankey({ project: 'Project', paths }, text);
  t.equal(bands(svg).length, 4, 'every path is drawn');
  for (const band of bands(svg)) {
    const segments = [...svg.matchAll(new RegExp(`data-path="${band.index}"[^>]*>.*?</g>`, 'g'))][0]![0];
    const xs = [...segments.matchAll(/d="M([\d.]+),[\d.]+C([\d.]+)/g)].map(([, x]) => Number(x));
    t.equal(xs.length, band.widths.length, `path ${band.index}: every segment read`);
    t.same(
      xs,
      [...xs].sort((a, b) => a - b),
      `path ${band.index} runs left to right`,
    );
  }
});

t.test('names are escaped', async (t) => {
  const name = '<script>alert(1)</script> & Sons';
  const svg = renderChainSankey(
    { project: `${name} project`, paths: [path([site('q', 'Quarry', null, name), I], 1)] },
    text,
  );
  t.notMatch(svg, /<script/);
  t.match(svg, '&lt;script&gt;alert(1)&lt;/script&gt;');
  t.match(svg, '&amp; Sons');
  t.notMatch(svg.replace(/&(amp|lt|gt|quot|#39);/g, ''), /&/, 'every ampersand starts an entity');
});

t.test('long names wrap by words', async (t) => {
  t.same(wrapWords('Dong Son (Nui Nhoi) Quarry 1 (sample)', 24), ['Dong Son (Nui Nhoi)', 'Quarry 1 (sample)']);
  t.same(wrapWords('Averyveryveryverylongwordthatdoesnotfit x', 10), ['Averyveryveryverylongwordthatdoesnotfit', 'x']);
});
