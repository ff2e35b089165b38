import { TeamsSSOTokenExchangeMiddleware, type Middleware, type Storage } from 'botbuilder';

/**
 * Exchanges Teams' single sign-on token with the Bot Framework token service, and lets exactly
 * one of the duplicate `signin/tokenExchange` invokes (one per Teams client the person has open)
 * reach the bot: the records that tell them apart live in `storage`.
 */
export function teamsSsoMiddleware(storage: Storage, connectionName: string): Middleware {
  return new TeamsSSOTokenExchangeMiddleware(storage, connectionName);
}
