import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

/** The ConfigError `loadConfig(env)` must throw; fails the test if it accepts the environment. */
export function configRefusal(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the configuration to be rejected');
}

/** Every problem `loadConfig(env)` reports, one per entry. */
export function configProblems(env: NodeJS.ProcessEnv): readonly string[] {
  return configRefusal(env).problems;
}
