import { ConfigError, loadConfig } from './config';
import { startApp } from './app';
import { createLogger, describeError } from './logger';

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
  const logger = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => logger.error({ error: describeError(reason) }, 'unhandled promise rejection'));

  const app = await startApp(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing turns in flight');
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
  console.error('The bot could not start:', describeError(error).message);
  process.exit(1);
});
