import { TeamsActivityHandler, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { parseCommand } from './commandParser';
import { HelpHandler } from './handlers/helpHandler';
import { InvalidInputHandler } from './handlers/invalidInputHandler';
import { QualificationHandler } from './handlers/qualificationHandler';
import { turnLog } from './turnLog';
import type { QualificationSource, TurnInfo } from './types';

export interface QualificationBotOptions {
  readonly source: QualificationSource;
  readonly logger: Logger;
  /** Demo mode: every card says the data is not from Partner Center. */
  readonly demo: boolean;
}

/** The conversation: reads each message, routes it to one handler. No HTTP, no Partner Center details. */
export class QualificationBot extends TeamsActivityHandler {
  private readonly help: HelpHandler;
  private readonly invalidInput: InvalidInputHandler;
  private readonly qualification: QualificationHandler;
  private readonly logger: Logger;

  constructor(options: QualificationBotOptions) {
    super();
    this.logger = options.logger;
    this.help = new HelpHandler(options.demo);
    this.invalidInput = new InvalidInputHandler(options.demo);
    this.qualification = new QualificationHandler(options.source, options.demo);
    this.onMessage(async (context, next) => {
      await this.route(context);
      await next();
    });
  }

  private async route(context: TurnContext): Promise<void> {
    const turn = turnInfo(context, this.logger);
    const command = parseCommand(messageText(context));
    switch (command.kind) {
      case 'qualification':
        return this.qualification.handle(context, command.customerId, turn);
      case 'invalidCustomerId':
        return this.invalidInput.handle(context, command.input, turn);
      case 'help':
        return this.help.handle(context, turn);
    }
  }
}

/** The text without the @mention of this bot (Teams channels and group chats add one). */
function messageText(context: TurnContext): string {
  const { activity } = context;
  if (typeof activity.text !== 'string') return '';
  try {
    return TurnContext.removeRecipientMention(activity) ?? activity.text;
  } catch {
    // A malformed mention entity: the parser strips a leading <at>…</at> by itself.
    return activity.text;
  }
}

function turnInfo(context: TurnContext, logger: Logger): TurnInfo {
  const { activity } = context;
  const clientLocale = activity.entities?.find((e) => e.type === 'clientInfo')?.locale;
  const { correlationId, logger: turnLogger } = turnLog(context, logger);
  return {
    correlationId,
    logger: turnLogger,
    locale: activity.locale || (typeof clientLocale === 'string' ? clientLocale : '') || 'en-US',
    userObjectId: activity.from?.aadObjectId,
  };
}
