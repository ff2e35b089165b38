import assert from 'node:assert/strict';
import { parseWatchCommand } from '../../../src/conversation/understanding/watchCommand';

const ID = '3f2b6c1e-8a4d-4e2f-9b1a-0c5d7e9f1a2b';
const ID_2 = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('watch commands (English and Traditional Chinese)', () => {
  it('watch one or several tenant ids and domains, any case, with filler words', () => {
    assert.deepEqual(parseWatchCommand(`watch ${ID.toUpperCase()}`, 20), {
      kind: 'watch',
      targets: [{ kind: 'id', customerId: ID }],
    });
    assert.deepEqual(parseWatchCommand(`Watch customer ${ID}, contoso.onmicrosoft.com please`, 20), {
      kind: 'watch',
      targets: [
        { kind: 'id', customerId: ID },
        { kind: 'domain', domain: 'contoso.onmicrosoft.com' },
      ],
    });
    assert.deepEqual(parseWatchCommand(`<at>Qualification Bot</at> 追蹤 ${ID}`, 20), {
      kind: 'watch',
      targets: [{ kind: 'id', customerId: ID }],
    });
    assert.deepEqual(parseWatchCommand(`追蹤${ID}`, 20), { kind: 'watch', targets: [{ kind: 'id', customerId: ID }] });
  });

  it('unwatch, stop watching, 取消追蹤; watching, watch list, 追蹤清單', () => {
    for (const text of [`unwatch ${ID}`, `stop watching ${ID}`, `取消追蹤 ${ID}`, `停止追蹤${ID}`]) {
      assert.deepEqual(
        parseWatchCommand(text, 20),
        { kind: 'unwatch', targets: [{ kind: 'id', customerId: ID }] },
        text,
      );
    }
    for (const text of ['watching', 'Watch list', 'watchlist', '追蹤清單', 'watching?']) {
      assert.deepEqual(parseWatchCommand(text, 20), { kind: 'watching' }, text);
    }
  });

  it('without a tenant id or domain, or with a broken id: asked which customer', () => {
    assert.deepEqual(parseWatchCommand('watch', 20), { kind: 'watchWhat', verb: 'watch' });
    assert.deepEqual(parseWatchCommand('watch Contoso', 20), { kind: 'watchWhat', verb: 'watch' });
    assert.deepEqual(parseWatchCommand('unwatch 3f2b6c1e-8a4d', 20), { kind: 'watchWhat', verb: 'unwatch' });
  });

  it('more customers than one message may name: too many', () => {
    assert.deepEqual(parseWatchCommand(`watch ${ID} ${ID_2}`, 1), { kind: 'tooManyToWatch', count: 2, limit: 1 });
  });

  it('anything else is not a watch command (left to the lookup parser)', () => {
    for (const text of [`qualification for ${ID}`, `watchful ${ID}`, 'help', '', `watching ${ID}`, `${ID} watch`]) {
      assert.equal(parseWatchCommand(text, 20), undefined, text);
    }
  });
});
