import restify, { type Request, type Response } from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';

/**
 * Baselines for `npm run bench` (compiled by bench/tsconfig.json, run as plain `node`, like the bot):
 *
 *   node bench/dist/baselines.js echo   — the minimal botbuilder echo bot: CloudAdapter (anonymous,
 *                                         as the bot runs in the bench) + restify 11 + JSON body parser,
 *                                         ActivityHandler that replies with the text. The floor of any
 *                                         botbuilder bot on this host.
 *   node bench/dist/baselines.js bare   — restify 11, GET /ping answers 200. The floor of the host.
 *
 * Listens on 127.0.0.1:$PORT; GET /healthz answers 200 in both modes.
 */
const mode = process.argv[2];
const port = Number(process.env.PORT ?? 0);

const server = restify.createServer({ name: `bench-${mode}`, handleUncaughtExceptions: false });
server.get('/healthz', (_req: Request, res: Response, next: restify.Next) => {
  res.send(200, { status: 'ok' });
  return next();
});

if (mode === 'bare') {
  server.get('/ping', (_req: Request, res: Response, next: restify.Next) => {
    res.send(200);
    return next();
  });
} else if (mode === 'echo') {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(`Echo: ${context.activity.text ?? ''}`);
    await next();
  });
  server.use(restify.plugins.jsonBodyParser({ mapParams: false }));
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
} else {
  console.error('usage: node bench/dist/baselines.js echo|bare');
  process.exit(2);
}

server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ listening: server.address().port }));
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
});
