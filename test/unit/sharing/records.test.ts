import t from 'tap';
import { linkStatus } from '../../../src/sharing/records.js';

t.test('a link opens its report through the whole of its last day, unless revoked', async (t) => {
  t.equal(linkStatus('2026-06-30', null, '2026-06-30'), 'ACTIVE', 'on its last day');
  t.equal(linkStatus('2026-06-30', null, '2026-07-01'), 'EXPIRED', 'the day after');
  t.equal(linkStatus('2026-06-30', '2026-05-01T10:00:00Z', '2026-05-02'), 'REVOKED', 'revoked before its last day');
  t.equal(
    linkStatus('2026-06-30', '2026-05-01T10:00:00Z', '2026-08-01'),
    'REVOKED',
    'revoked says why, also once expired',
  );
});
