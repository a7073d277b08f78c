import t from 'tap';
import { isLoopbackHost } from '../../../src/shared/loopback.js';

t.test('loopback hosts', async (t) => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1'])
    t.ok(isLoopbackHost(host), host);
  for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.10', 'api.example.nl', '128.0.0.1'])
    t.notOk(isLoopbackHost(host), host);
});
