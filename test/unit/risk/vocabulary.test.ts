import t from 'tap';
import { combinedLevel, riskLevels } from '../../../src/risk/vocabulary.js';

t.test('a level is the mean of severity and likelihood, rounded up', async (t) => {
  const table = riskLevels.map((severity) =>
    riskLevels.map((likelihood) => combinedLevel(severity, likelihood)[0]).join(''),
  );
  t.same(table, ['LMMH', 'MMHH', 'MHHS', 'HHSS'], 'rows: severity LOW..SEVERE; columns: likelihood LOW..SEVERE');
});
