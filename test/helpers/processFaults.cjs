'use strict';
/**
 * Test-only fault trigger, loaded into the bot child process with
 * NODE_OPTIONS="--require <this file>" by test/integration/processFaults.test.ts. Not part of the
 * product: src/ has no test hooks. On SIGUSR2 it makes the fault TEST_FAULT names:
 *   rejection (default) - a promise rejected with nobody to catch it;
 *   exception           - an exception thrown from a timer callback.
 * The error message is TEST_FAULT_MARKER, so the test can find it in the log.
 */
process.on('SIGUSR2', () => {
  const marker = process.env.TEST_FAULT_MARKER || 'injected fault';
  if (process.env.TEST_FAULT === 'exception') {
    setImmediate(() => {
      throw new Error(marker);
    });
  } else {
    Promise.reject(new Error(marker));
  }
});
