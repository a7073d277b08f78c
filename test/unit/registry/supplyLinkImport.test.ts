import t from 'tap';
import { importColumns, maxListedProblems, parseSupplyLinkCsv } from '../../../src/registry/supplyLinkImport.js';
import { chunks } from '../../helpers/csv.js';

const limits = { maxBytes: 1024 * 1024, maxRecordChars: 4096 };

t.test('5,000 bad rows: the first 100 problems are listed, all are counted', async (t) => {
  const lines = [importColumns.join(',')];
  for (let i = 0; i < 5_000; i++) lines.push(',QUARRY,X,PT,Evora,,GRANITE,2025-13-01,,');
  const { records, rows, problems } = await parseSupplyLinkCsv(chunks(lines.join('\n')), { ...limits, maxRows: 100_000 });
  t.equal(records, 5_000);
  t.equal(rows.length, 0);
  t.equal(problems.count, 5_000);
  t.equal(problems.listed.length, maxListedProblems);
  t.same(problems.listed.slice(0, 2).map((p) => [p.line, p.field]), [[2, 'valid_from'], [3, 'valid_from']]);

  const good = [importColumns.join(','), ...Array.from({ length: 5 }, () => ',QUARRY,X,PT,Evora,,GRANITE,2025-01-01,,')];
  const capped = await parseSupplyLinkCsv(chunks(good.join('\n')), { ...limits, maxRows: 3 });
  t.same(capped.problems.listed, [{ line: 5, field: '', message: 'at most 3 rows per file' }], 'the fourth row is one too many');
});
