import t from 'tap';
import { readDataset } from '../../../src/seed/dataset.js';

t.test('the sample data has its documented sizes, countries, Dutch and Belgian importers', async (t) => {
  const data = readDataset();
  t.ok(data.quarries.length >= 15, `${data.quarries.length} quarries`);
  t.ok(new Set(data.quarries.map((q) => q.country)).size >= 7, 'quarries in at least 7 countries');
  t.equal(data.processors.length, 10);
  t.equal(data.importers.length, 6);
  t.same([...new Set(data.importers.map((i) => i.country))].sort(), ['BE', 'NL']);
  t.equal(data.buyers.length, 4);
  t.equal(data.projects.length, 8);
  t.ok(
    data.projects.every((p) => data.deliveries.some((d) => d.project === p.key)),
    'every project has a delivery',
  );
  t.match(data.notice, /SAMPLE DATA/);
});

t.test('every sample assessment cites a public source a reader can look up, never a file of ours', async (t) => {
  for (const { key, source } of readDataset().riskAssessments ?? []) {
    t.notMatch(source, /\.md\b|shared\/|notes\b|stonetrace/i, `${key}: no internal file or notes`);
    t.match(
      source,
      /https?:\/\/|\b[a-z0-9-]+\.(org|com|net|nl|be|vn|br|in)\b|'[^']{10,}'/i,
      `${key}: names a web address or a titled publication`,
    );
  }
});
