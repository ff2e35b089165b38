import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config';
import { configProblems } from '../../helpers/configProblems';

const problemsOf = (env: NodeJS.ProcessEnv): string => configProblems(env).join('\n');

describe('loadConfig: Partner Center resilience settings', () => {
  it('defaults: 12 s per command, 10 requests in flight, wait out a 429 of at most 5 s', () => {
    const { partnerCenter } = loadConfig({});
    assert.equal(partnerCenter.deadlineMs, 12000);
    assert.equal(partnerCenter.maxConcurrency, 10);
    assert.equal(partnerCenter.retryAfterCapSeconds, 5);
    assert.ok(partnerCenter.deadlineMs < 15000, "the default deadline must stay under Teams' ~15 s");
  });

  it('reads each variable', () => {
    const { partnerCenter } = loadConfig({
      PARTNER_CENTER_DEADLINE_MS: '8000',
      PARTNER_CENTER_MAX_CONCURRENCY: '3',
      PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS: '0',
    });
    assert.equal(partnerCenter.deadlineMs, 8000);
    assert.equal(partnerCenter.maxConcurrency, 3);
    assert.equal(partnerCenter.retryAfterCapSeconds, 0);
  });

  it('treats blank values as unset', () => {
    const { partnerCenter } = loadConfig({
      PARTNER_CENTER_DEADLINE_MS: ' ',
      PARTNER_CENTER_MAX_CONCURRENCY: '',
      PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS: '',
    });
    assert.equal(partnerCenter.deadlineMs, 12000);
    assert.equal(partnerCenter.maxConcurrency, 10);
    assert.equal(partnerCenter.retryAfterCapSeconds, 5);
  });

  it('circuit breaker: defaults (50 % of at least 100 attempts in 30 s, open 5 s), and each variable', () => {
    assert.deepEqual(loadConfig({}).partnerCenter.breaker, {
      failureRatio: 0.5,
      samplingMs: 30000,
      minimumThroughput: 100,
      halfOpenAfterMs: 5000,
    });
    const { breaker } = loadConfig({
      PARTNER_CENTER_BREAKER_FAILURE_PERCENT: '25',
      PARTNER_CENTER_BREAKER_MIN_CALLS: '40',
      PARTNER_CENTER_BREAKER_WINDOW_SECONDS: '60',
      PARTNER_CENTER_BREAKER_BREAK_SECONDS: '10',
    }).partnerCenter;
    assert.deepEqual(breaker, { failureRatio: 0.25, samplingMs: 60000, minimumThroughput: 40, halfOpenAfterMs: 10000 });
  });

  const bad: ReadonlyArray<readonly [string, string, RegExp]> = [
    ['PARTNER_CENTER_BREAKER_FAILURE_PERCENT', '0', /PARTNER_CENTER_BREAKER_FAILURE_PERCENT: must be 1-99/],
    ['PARTNER_CENTER_BREAKER_FAILURE_PERCENT', '100', /PARTNER_CENTER_BREAKER_FAILURE_PERCENT: must be 1-99/],
    ['PARTNER_CENTER_BREAKER_FAILURE_PERCENT', '0.5', /PARTNER_CENTER_BREAKER_FAILURE_PERCENT: must be a whole number/],
    ['PARTNER_CENTER_BREAKER_MIN_CALLS', '0', /PARTNER_CENTER_BREAKER_MIN_CALLS: must be 1-100000/],
    ['PARTNER_CENTER_BREAKER_WINDOW_SECONDS', '3601', /PARTNER_CENTER_BREAKER_WINDOW_SECONDS: must be 1-3600/],
    ['PARTNER_CENTER_BREAKER_BREAK_SECONDS', '0', /PARTNER_CENTER_BREAKER_BREAK_SECONDS: must be 1-3600/],
    ['PARTNER_CENTER_DEADLINE_MS', '99', /PARTNER_CENTER_DEADLINE_MS: must be at least 100/],
    ['PARTNER_CENTER_DEADLINE_MS', '120001', /PARTNER_CENTER_DEADLINE_MS: must be at most 120000/],
    ['PARTNER_CENTER_DEADLINE_MS', '12s', /PARTNER_CENTER_DEADLINE_MS:/],
    ['PARTNER_CENTER_DEADLINE_MS', '1500.5', /PARTNER_CENTER_DEADLINE_MS: must be a whole number/],
    ['PARTNER_CENTER_MAX_CONCURRENCY', '0', /PARTNER_CENTER_MAX_CONCURRENCY: must be at least 1/],
    ['PARTNER_CENTER_MAX_CONCURRENCY', '1001', /PARTNER_CENTER_MAX_CONCURRENCY: must be at most 1000/],
    ['PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS', '-1', /PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS: must be 0-60/],
    ['PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS', '61', /PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS: must be 0-60/],
  ];
  for (const [name, value, message] of bad) {
    it(`refuses ${name}=${value}`, () => {
      assert.match(problemsOf({ [name]: value }), message);
    });
  }

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      PARTNER_CENTER_DEADLINE_MS: '0',
      PARTNER_CENTER_MAX_CONCURRENCY: 'many',
      PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS: '600',
    });
    for (const name of [
      'PARTNER_CENTER_DEADLINE_MS',
      'PARTNER_CENTER_MAX_CONCURRENCY',
      'PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS',
    ]) {
      assert.match(problems, new RegExp(name));
    }
  });
});
