import t from 'tap';
import { importColumns, maxListedProblems, parseSupplyLinkCsv } from '../../../src/registry/supplyLinkImport.js';
import { chunks } from '../../helpers/csv.js';

const limits = { maxBytes: 1024 * 1024, maxRecordChars: 4096 };

t.test('5,000 bad rows: the first 100 problems are listed, all are counted', async (t) => {
  const lines = [importColumns.join(',')];
  for (let i = 0; i < 5_000; i++) lines.push(',QUARRY,X,PT,Evora,,GRANITE,2025-13-01,,');
  const { records, rows, problems } = await parseSupplyLinkCsv(chunks(lines.join('\n')), {
    ...limits,
    maxRows: 100_000,
  });
  t.equal(records, 5_000);
  t.equal(rows.length, 0);
  t.equal(problems.count, 5_000);
  t.equal(problems.listed.length, maxListedProblems);
  t.same(
    problems.listed.slice(0, 2).map((p) => [p.line, p.field]),
    [
      [2, 'valid_from'],
      [3, 'valid_from'],
    ],
  );

  const good = [
    importColumns.join(','),
    ...Array.from({ length: 5 }, () => ',QUARRY,X,PT,Evora,,GRANITE,2025-01-01,,'),
  ];
  const capped = await parseSupplyLinkCsv(chunks(good.join('\n')), { ...limits, maxRows: 3 });
  t.same(
    capped.problems.listed,
    [{ line: 5, field: '', message: 'at most 3 rows per file' }],
    'the fourth row is one too many',
  );
});

/** The problems of a file with the given rows under the import's header, as [line, field, message]. */
async function problemsOf(...rows: string[]) {
  const { problems } = await parseSupplyLinkCsv(chunks([importColumns.join(','), ...rows].join('\n')), {
    ...limits,
    maxRows: 100,
  });
  return problems.listed.map((p) => [p.line, p.field, p.message]);
}

t.test('a row names its supplier by id, or by kind, name, country and (for a quarry) its area', async (t) => {
  t.same(
    await problemsOf(
      'q-1,,,,,,granite,2025-01-01,,',
      ',quarry,Q,fj,Ba,,GRANITE,2025-01-01,,',
      ',PROCESSOR,P,FJ,,Suva,GRANITE,2025-01-01,,',
    ),
    [],
    'kinds and stone types in any case',
  );
  t.same(await problemsOf(',,,,,,GRANITE,2025-01-01,,'), [
    [2, 'supplier_kind', 'is needed when supplier_id is empty (QUARRY or PROCESSOR)'],
    [2, 'supplier_name', 'is needed when supplier_id is empty'],
    [2, 'supplier_country', 'is needed when supplier_id is empty'],
  ]);
  t.same(await problemsOf(',QUARRY,Q,FJ,,,GRANITE,2025-01-01,,'), [
    [2, 'supplier_region', 'is needed for a quarry (its quarry area)'],
  ]);
  t.same(await problemsOf(',MINE,Q,FJ,Ba,,GRANITE,2025-01-01,,'), [
    [2, 'supplier_kind', 'must be QUARRY or PROCESSOR'],
  ]);
});

t.test("a row's dates and volume: a real date, no end before the start, a plain positive number", async (t) => {
  t.same(await problemsOf('q-1,,,,,,GRANITE,2025-06-01,2025-05-31,'), [
    [2, 'valid_to', 'must not be before valid_from'],
  ]);
  t.same(await problemsOf('q-1,,,,,,GRANITE,2025-06-31,,'), [
    [2, 'valid_from', 'must be an ISO 8601 calendar date (YYYY-MM-DD)'],
  ]);
  const volume = 'must be a number written with a decimal point and no thousands separator, e.g. 1250.5';
  t.same(
    await problemsOf('q-1,,,,,,GRANITE,2025-06-01,,"1,250"', 'q-1,,,,,,GRANITE,2025-06-01,,1250.5'),
    [[2, 'annual_volume_tonnes', volume]],
    'a decimal comma is refused, a point is fine',
  );
  t.same(await problemsOf('q-1,,,,,,GRANITE,2025-06-01,,0'), [[2, 'annual_volume_tonnes', 'must be greater than 0']]);
});

t.test('a column the import does not know is named, once, on the header line', async (t) => {
  const { problems } = await parseSupplyLinkCsv(
    chunks(`${importColumns.join(',')},Remarks\nq-1,,,,,,GRANITE,2025-01-01,,,ok\n`),
    { ...limits, maxRows: 100 },
  );
  t.same(
    problems.listed.map((p) => [p.line, p.field]),
    [[1, 'remarks']],
  );
  t.match(problems.listed[0]?.message, /^unknown column\(s\); expected supplier_id, supplier_kind, /);
});

t.test('an unreadable file is one problem at the line where reading stopped', async (t) => {
  const { problems } = await parseSupplyLinkCsv(
    chunks(`${importColumns.join(',')}\nq-1,,,,,,GRANITE,2025-01-01,,\n"unclosed,,\n`),
    { ...limits, maxRows: 100 },
  );
  t.equal(problems.count, 1);
  t.match(problems.listed[0], { field: '', message: /^not readable as CSV: / });
});
