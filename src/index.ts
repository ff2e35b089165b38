import { ConfigError, loadConfig } from './config';
import { startApp } from './app';
import { createLogger, describeError, routeConsoleToLogger } from './shared/logger';
import { installProcessHandlers } from './host/processHandlers';

/** Entry point: read .env (local runs), validate configuration, start, and stop cleanly on a signal. */
async function main(): Promise<void> {
  if (process.env.DOTENV_DISABLED !== 'true') {
    // Variables already in the environment win over .env.
    (await import('dotenv')).config({ quiet: true });
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // The configured secrets are scrubbed from every line, whatever writes it.
  const logger = createLogger(config.logLevel, undefined, {
    scrub: [config.bot.appPassword, config.partnerCenter.clientSecret],
  });
  routeConsoleToLogger(logger);
  installProcessHandlers(process, logger, (code) => process.exit(code));

  const app = await startApp(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: finishing turns in flight');
    app
      .stop()
      .then(() => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      })
      .catch((error: unknown) => {
        logger.error({ error: describeError(error) }, 'error while stopping');
        logger.flush(() => process.exit(1));
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Straight to stderr: console.error may already be routed to the logger.
  process.stderr.write(`The bot could not start: ${describeError(error).message}\n`);
  process.exit(1);
});
