import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config';
import { configProblems } from '../../helpers/configProblems';

describe('loadConfig: watching (WATCH_*)', () => {
  it('defaults: every 900 s, 30 days, 20 per conversation, 500 in all, 50 calls a minute', () => {
    assert.deepEqual(loadConfig({}).watch, {
      intervalMs: 900_000,
      expiryMs: 30 * 24 * 60 * 60 * 1000,
      maxPerConversation: 20,
      maxTotal: 500,
      callsPerMinute: 50,
    });
  });

  it('takes each setting, fractions of a day for the expiry', () => {
    const { watch } = loadConfig({
      WATCH_POLL_SECONDS: '1',
      WATCH_EXPIRY_DAYS: '0.5',
      WATCH_MAX_PER_CONVERSATION: '3',
      WATCH_MAX_TOTAL: '7',
      WATCH_CALLS_PER_MINUTE: '500',
    });
    assert.deepEqual(watch, {
      intervalMs: 1000,
      expiryMs: 12 * 60 * 60 * 1000,
      maxPerConversation: 3,
      maxTotal: 7,
      callsPerMinute: 500,
    });
  });

  it('refuses what is out of range, naming each variable', () => {
    const problems = configProblems({
      WATCH_POLL_SECONDS: '0',
      WATCH_EXPIRY_DAYS: '-1',
      WATCH_MAX_PER_CONVERSATION: 'many',
      WATCH_MAX_TOTAL: '1.5',
      WATCH_CALLS_PER_MINUTE: '501',
    });
    for (const variable of [
      'WATCH_POLL_SECONDS',
      'WATCH_EXPIRY_DAYS',
      'WATCH_MAX_PER_CONVERSATION',
      'WATCH_MAX_TOTAL',
      'WATCH_CALLS_PER_MINUTE',
    ]) {
      assert.ok(
        problems.some((p) => p.startsWith(`${variable}:`)),
        `${variable} named in ${problems.join('; ')}`,
      );
    }
  });
});
