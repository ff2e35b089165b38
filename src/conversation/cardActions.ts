import { REFRESH_QUALIFICATION_VERB } from '../cards/actions';
import { normaliseCustomerId, type CustomerTenantId } from '../partnerCenter/customerId';

/**
 * What card buttons send back, read as untrusted input (the card's JSON came back from the
 * client): the Refresh button's Action.Execute invoke and its Action.Submit fallback. Ids are
 * validated here, at the edge.
 */

/**
 * The customer tenant id of an `adaptiveCard/action` invoke's `value.action` when it is this
 * bot's Refresh button with a well-formed id (canonical form), else undefined.
 */
export function refreshActionCustomerId(action: unknown): CustomerTenantId | undefined {
  if (action === null || typeof action !== 'object') return undefined;
  const { verb, data } = action as { verb?: unknown; data?: unknown };
  if (verb !== REFRESH_QUALIFICATION_VERB || data === null || typeof data !== 'object') return undefined;
  const { customerId } = data as { customerId?: unknown };
  return typeof customerId === 'string' ? normaliseCustomerId(customerId) : undefined;
}

/**
 * The customer tenant id of a message's `value` when it comes from the Refresh button's
 * Action.Submit fallback (`{ verb, customerId }`) with a well-formed id, else undefined.
 */
export function refreshSubmitCustomerId(value: unknown): CustomerTenantId | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { verb, customerId } = value as { verb?: unknown; customerId?: unknown };
  return refreshActionCustomerId({ verb, data: { customerId } });
}

/**
 * Why an adaptiveCard/action invoke's `value` is not one (Universal Actions:
 * `{ action: { type: 'Action.Execute', … } }`), or undefined.
 */
export function adaptiveCardActionProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'the invoke value must be an object with an "action"';
  const { action } = value as { action?: unknown };
  if (typeof action !== 'object' || action === null || Array.isArray(action))
    return 'the invoke value\'s "action" must be an object';
  if ((action as { type?: unknown }).type !== 'Action.Execute') return 'only Action.Execute actions are supported';
  return undefined;
}
