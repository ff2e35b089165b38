import assert from 'node:assert/strict';
import { enUS, zhTW, type Messages } from '../../../src/cards/messages';
import { qualificationCard } from '../../../src/cards/qualificationCard';
import type { AdaptiveCardJson } from '../../../src/cards/templates';
import { parseWatchCommand } from '../../../src/conversation/understanding/watchCommand';
import type { QualificationLookup } from '../../../src/partnerCenter/types';
import { assertValidCard, elements } from '../../helpers/cards';
import { tenantId } from '../../helpers/ids';

/**
 * The result card's watch button (issue 16): "Watch" sends `watch <id>`; when this conversation
 * already watches the customer, "Stop watching" sends `unwatch <id>` instead — in English and in
 * Chinese, each a command the bot reads back as meant for this customer.
 */

const ID = tenantId('0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5');
const ID_2 = tenantId('1d8e7b3f-2a4c-4d6e-9fa0-b1c2d3e4f5a6');

function lookup(customerId = ID): QualificationLookup {
  return {
    customerId,
    qualifications: [{ name: 'Education', known: 'Education', vettingStatus: 'InReview' }],
    fetchedAt: new Date('2026-11-30T10:00:00Z'),
    correlationId: '9b2f4e1a-7c3d-4a5b-8e6f-1d2c3b4a5f60',
    requestId: 'r',
    api: 'qualifications',
  };
}

/** The card's Action.Submit buttons that send a command (not Refresh's fallback): title and command. */
function commandButtons(card: AdaptiveCardJson): Array<{ title: unknown; command: unknown }> {
  return elements(card.actions)
    .filter((e) => e.type === 'Action.Submit')
    .map((e) => ({ title: e.title, command: (e.data as { command?: unknown } | undefined)?.command }))
    .filter((button) => button.command !== undefined);
}

const CATALOGS: ReadonlyArray<readonly [string, Messages]> = [
  ['en-US', enUS],
  ['zh-TW', zhTW],
];

describe('result card: Watch, or Stop watching when this conversation watches the customer', () => {
  for (const [locale, m] of CATALOGS) {
    it(`${locale}: not watched (and by default) → ${m.watch.watchButton}, which watches this customer`, () => {
      for (const watched of [undefined, false]) {
        const card = qualificationCard(lookup(), { locale, demo: false, ...(watched !== undefined && { watched }) });
        assertValidCard(card);
        const buttons = commandButtons(card);
        assert.deepEqual(buttons, [{ title: m.watch.watchButton, command: m.watch.commands.watch([ID]) }]);
        assert.deepEqual(parseWatchCommand(String(buttons[0]?.command), 20), {
          kind: 'watch',
          targets: [{ kind: 'id', customerId: ID }],
        });
      }
    });

    it(`${locale}: watched here → ${m.watch.stopWatchingButton}, which stops watching this customer`, () => {
      const card = qualificationCard(lookup(), { locale, demo: false, watched: true });
      assertValidCard(card);
      const buttons = commandButtons(card);
      assert.deepEqual(buttons, [{ title: m.watch.stopWatchingButton, command: m.watch.commands.unwatch([ID]) }]);
      assert.deepEqual(parseWatchCommand(String(buttons[0]?.command), 20), {
        kind: 'unwatch',
        targets: [{ kind: 'id', customerId: ID }],
      });
      assert.ok(!JSON.stringify(card).includes(`"${m.watch.watchButton}"`), 'no Watch button besides');
    });
  }

  it('the kept expansion of one customer never gives another its button or its id', () => {
    // Same shape of lookup, other customer, other state: the template cache must not mix them up.
    const watchedOne = qualificationCard(lookup(ID), { locale: 'en-US', demo: false, watched: true });
    const otherNotWatched = qualificationCard(lookup(ID_2), { locale: 'en-US', demo: false, watched: false });
    const otherWatched = qualificationCard(lookup(ID_2), { locale: 'en-US', demo: false, watched: true });
    assert.deepEqual(commandButtons(watchedOne), [{ title: 'Stop watching', command: `unwatch ${ID}` }]);
    assert.deepEqual(commandButtons(otherNotWatched), [{ title: 'Watch', command: `watch ${ID_2}` }]);
    assert.deepEqual(commandButtons(otherWatched), [{ title: 'Stop watching', command: `unwatch ${ID_2}` }]);
  });

  it('without actions (no well-formed tenant id) there is no watch button either way', () => {
    const card = qualificationCard(lookup(), { locale: 'en-US', demo: false, actions: false, watched: true });
    assertValidCard(card);
    assert.deepEqual(commandButtons(card), []);
  });
});
