/**
 * The one human line `npm start` prints after its JSON log lines: what to do next to talk to the
 * bot. Printed only when stdout is a terminal (someone is reading it): piped into a log collector,
 * stdout stays JSON lines only.
 */

/** What the line needs to know about the running bot. */
export interface NextStepsOptions {
  /** The port the bot listens on. */
  readonly port: number;
  /** The bot's own URL (`RunningHost.url`), e.g. http://127.0.0.1:3978 (listening on every interface too). */
  readonly url: string;
  /** MicrosoftAppId is set: every request must carry a Bot Framework token. */
  readonly inboundAuth: boolean;
}

/** The port `npm run playground` (package.json) points the Agents Playground at. */
const PLAYGROUND_SCRIPT_PORT = 3978;
/** Where the Agents Playground serves its page unless told otherwise (its --port default). */
const PLAYGROUND_PAGE = 'http://localhost:56150';
const LOOPBACK_URL = /^http:\/\/(?:127\.0\.0\.1|\[::1\]):(\d+)$/;

/** The human line; no trailing newline. */
export function nextStepsLine(options: NextStepsOptions): string {
  if (options.inboundAuth) {
    return (
      `Next: MicrosoftAppId is set, so only the Bot Framework (with a token) can talk to this bot: point your Azure ` +
      `Bot's messaging endpoint at https://<your public host>/api/messages (this process listens on port ` +
      `${options.port}) and message it in Teams.`
    );
  }
  const base = LOOPBACK_URL.test(options.url) ? `http://localhost:${options.port}` : options.url;
  const endpoint = `${base}/api/messages`;
  const playground =
    options.port === PLAYGROUND_SCRIPT_PORT && base === `http://localhost:${PLAYGROUND_SCRIPT_PORT}`
      ? 'npm run playground'
      : `npx agentsplayground start --app-endpoint ${endpoint} --channel-id msteams`;
  return (
    `Next: in a second terminal run \`${playground}\` and open ${PLAYGROUND_PAGE}, or point the Bot Framework ` +
    `Emulator at ${endpoint} (no app id or password), then type help.`
  );
}

/** Whether to print the line on this stream: only a terminal (see the top of this file). */
export function printsNextSteps(stdout: { readonly isTTY?: boolean }): boolean {
  return stdout.isTTY === true;
}
