import t from 'tap';
import {
  FULL_SHARE_RADIUS,
  MAP_HEIGHT,
  MAP_WIDTH,
  originMapLayout,
  renderOriginMap,
  type OriginMapInput,
} from '../../../src/reporting/originMap.js';

const text = {
  title: 'Origins',
  quarry: 'Quarry',
  gap: 'Gap',
  approximate: 'Approximate',
  size: 'Area is share',
  countryName: (code: string) => `Land ${code}`,
};

const quarry = (name: string, country: string, lon: number, lat: number, share: number) => ({
  name,
  country,
  location: { lon, lat },
  share,
  label: name,
});

/** The markers of a rendered map: `<g class="origin|gap" data-number=…>` with the circle's or diamond's geometry. */
function markers(svg: string) {
  return [
    ...svg.matchAll(
      /<g class="(origin|gap)" data-number="(\d+)" data-share="([\d.e-]+)"( data-approximate="true")?><title>(.*?)<\/title>(<circle[^>]*>|<path[^>]*>)/g,
    ),
  ].map(([, kind, number, share, approximate, title, shape]) => {
    const attribute = (name: string) => Number(new RegExp(`${name}="([-\\d.]+)"`).exec(shape!)?.[1]);
    const d = /d="([^"]+)"/.exec(shape!)?.[1] ?? '';
    const points = [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map(([, x, y]) => [Number(x), Number(y)] as const);
    // A gap's diamond: its centre is the middle of its corners, its "radius" that of a circle of equal area.
    const centre =
      points.length > 0
        ? [(points[1]![0] + points[3]![0]) / 2, (points[0]![1] + points[2]![1]) / 2]
        : [attribute('cx'), attribute('cy')];
    const area = points.length > 0 ? (points[1]![0] - points[3]![0]) ** 2 / 2 : Math.PI * attribute('r') ** 2;
    return {
      kind,
      number: Number(number),
      share: Number(share),
      approximate: Boolean(approximate),
      title,
      x: centre[0]!,
      y: centre[1]!,
      area,
    };
  });
}

/** The bounding box of a country's drawn outline. */
function countryBox(svg: string, name: string) {
  const d = new RegExp(`<path class="country[^"]*" d="([^"]+)"><title>${name}</title>`).exec(svg)?.[1];
  if (!d) throw new Error(`${name} is not drawn`);
  const numbers = [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map(([, x, y]) => [Number(x), Number(y)]);
  const xs = numbers.map(([x]) => x!);
  const ys = numbers.map(([, y]) => y!);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
}

const inside = (point: { x: number; y: number }, box: ReturnType<typeof countryBox>) =>
  point.x > box.x0 && point.x < box.x1 && point.y > box.y0 && point.y < box.y1;

const belgium: OriginMapInput = {
  quarries: [quarry('Soignies', 'BE', 4.071, 50.579, 0.6), quarry('Maffle', 'BE', 3.8, 50.61, 0.3)],
  gaps: [{ name: 'Trader', country: 'IN', share: 0.1, label: 'Trader' }],
};

t.test('a quarry lands where the projection puts its longitude and latitude, inside its country', async (t) => {
  const svg = renderOriginMap(belgium, text);
  const { projection } = originMapLayout(belgium);
  const [soignies, maffle] = markers(svg);
  const [x, y] = projection([4.071, 50.579])!;
  t.ok(
    Math.abs(soignies!.x - x) < 0.01 && Math.abs(soignies!.y - y) < 0.01,
    `Soignies at (${soignies!.x}, ${soignies!.y}), projected (${x}, ${y})`,
  );
  const [lon, lat] = projection.invert!([soignies!.x, soignies!.y])!;
  t.ok(Math.abs(lon - 4.071) < 1e-3 && Math.abs(lat - 50.579) < 1e-3, `and back: ${lon}, ${lat}`);
  t.ok(maffle!.x < soignies!.x, 'Maffle, west of Soignies, is drawn left of it');
  t.ok(maffle!.y < soignies!.y, 'and, a little north of it, above it');
  t.ok(inside(soignies!, countryBox(svg, 'Belgium')), 'inside the outline drawn for Belgium');
  for (const marker of markers(svg))
    t.ok(
      marker.x >= 0 && marker.x <= MAP_WIDTH && marker.y >= 0 && marker.y <= MAP_HEIGHT,
      `marker ${marker.number} is within the frame`,
    );
});

t.test("a marker's area is proportional to its share", async (t) => {
  const input: OriginMapInput = {
    quarries: [
      quarry('A', 'VN', 105.8, 19.77, 0.5),
      quarry('B', 'VN', 105.93, 20.21, 0.125),
      quarry('C', 'CN', 118.8, 24.9, 0.25),
    ],
    gaps: [{ name: 'G', country: 'VN', share: 0.125, label: 'G' }],
  };
  const drawn = markers(renderOriginMap(input, text));
  t.equal(drawn.length, 4, 'one marker per quarry and per gap');
  const perShare = drawn.map((marker) => marker.area / marker.share);
  for (const ratio of perShare)
    t.ok(Math.abs(ratio / perShare[0]! - 1) < 0.01, `area / share ${ratio.toFixed(1)} is the same for every marker`);
  t.ok(
    Math.abs(perShare[0]! - Math.PI * FULL_SHARE_RADIUS ** 2) / perShare[0]! < 0.01,
    'the whole delivered mass would be a circle of the full radius',
  );
  const [a, b] = ['A', 'B'].map((name) => drawn.find((marker) => marker.title === name)!);
  t.ok(a!.area > b!.area * 3.9 && a!.area < b!.area * 4.1, 'four times the share, four times the area');
});

t.test('a gap is marked in the country of the node where tracing stops', async (t) => {
  const svg = renderOriginMap(belgium, text);
  const gap = markers(svg).find((marker) => marker.kind === 'gap');
  t.ok(gap, 'the gap is drawn');
  t.equal(gap!.number, 3, 'numbered after the quarries');
  t.ok(inside(gap!, countryBox(svg, 'India')), 'inside India');
});

t.test('the countries with a marker are named on the map, in the words given, inside their outline', async (t) => {
  const hainaut = { quarries: belgium.quarries, gaps: [] };
  const svg = renderOriginMap(hainaut, text);
  const label = /<text class="country-name" x="([\d.]+)" y="([\d.]+)"[^>]*>Land BE<\/text>/.exec(svg);
  t.ok(label, 'Belgium is named');
  t.ok(inside({ x: Number(label![1]), y: Number(label![2]) }, countryBox(svg, 'Belgium')), 'on Belgium');
  t.notMatch(svg, '>Land FR<', 'France, without a marker, is not');
  t.match(
    renderOriginMap(hainaut, { ...text, countryName: () => 'Belgi\u00eb & <Luxemburg>' }),
    'België &amp; &lt;Luxemburg&gt;',
    'escaped',
  );
});

t.test('a quarry without coordinates is placed in its country, marked approximate', async (t) => {
  const svg = renderOriginMap(
    { quarries: [{ name: 'Somewhere', country: 'PT', location: null, share: 1, label: 'Somewhere' }], gaps: [] },
    text,
  );
  const [marker] = markers(svg);
  t.ok(marker!.approximate, 'marked approximate');
  t.ok(inside(marker!, countryBox(svg, 'Portugal')), 'inside Portugal');
  t.match(svg, 'Approximate', 'and the legend explains it');
});

t.test('names are escaped', async (t) => {
  const name = '<script>alert("x")</script> Rock & Stone';
  const svg = renderOriginMap(
    {
      quarries: [{ ...quarry(name, 'NO', 10.0, 59.0, 1), label: name }],
      gaps: [{ name, country: 'NO', share: 0, label: `${name} gap` }],
    },
    { ...text, title: '<b>title</b>' },
  );
  t.notMatch(svg, /<script|<b>/, 'no markup from names or words');
  t.match(svg, '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Rock &amp; Stone', 'the name as text');
  t.match(svg, '&lt;b&gt;title&lt;/b&gt;');
  t.notMatch(svg.replace(/&(amp|lt|gt|quot|#39);/g, ''), /&/, 'every ampersand starts an entity');
});
