/**
 * Card buttons: what they send and where they lead. The templates bind these values; the words on
 * the buttons come from the catalog.
 */
import { normaliseCompanyName } from '../partnerCenter/companyName';
import { normaliseCustomerId, type CustomerTenantId } from '../partnerCenter/customerId';
import { normaliseDomain } from '../partnerCenter/domain';
import {
  EXAMPLE_COMPANY_NAME,
  EXAMPLE_CUSTOMER_ID,
  EXAMPLE_CUSTOMER_ID_2,
  EXAMPLE_DOMAIN,
  type Messages,
} from './messages';

/**
 * The verb of the result card's Refresh button. It is an `Action.Execute` (Universal Actions):
 * Teams sends an `adaptiveCard/action` invoke with `value.action.verb` = this and
 * `value.action.data` = `{ customerId }`, and shows the card the bot answers with in place of the
 * old one. Clients without Universal Actions use its fallback, an `Action.Submit` whose data is
 * `{ verb, customerId }`: a message with that `value` (and, from Teams, `replyToId` = the card's
 * activity), which the bot answers by updating that card where the channel allows it.
 */
export const REFRESH_QUALIFICATION_VERB = 'refreshQualification';

/*
 * A button that runs a command (Try it, Check, Sign out) is an `Action.Submit` whose data is the
 * object `{ command }`: every client sends it back as a message with `value.command` and no text,
 * which the bot reads as if the person had typed it (conversation/turn.ts, messageText). That is
 * the one form that works in Teams, the Agents Playground and the Bot Framework Emulator alike:
 * - Teams drops an `Action.Submit` whose data is a string (it posts no `value`);
 * - `data.msteams` (imBack, messageBack) is Teams-only: the Agents Playground 0.2.28 renders the
 *   card, but its click fails in the page (`Cannot add property msTeams, object is not
 *   extensible`: its Adaptive Cards renderer adds a property to the card's frozen data);
 * - `Action.Execute` would make Teams replace the card (help, choice) with the answer.
 * What Teams then does not do is echo the command into the chat as the person's message; the
 * answer names the customer anyway. Cards sent before this change carry `msteams.imBack` too:
 * Teams turns those into text, other clients into `value.command`, and the bot reads both.
 */

/**
 * The customer's Account page in the Partner Center dashboard, for a well-formed tenant id
 * (else undefined, so no outside text ever becomes part of a URL).
 *
 * Source: Microsoft's own sample microsoft/Partner-Center-DotNet-Samples,
 * MCARefreshBulkAttestationCLITool/Models/CustomerAgreementRecord.cs (`CustomerAccountLink`:
 * `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/{CustomerTenantId}/account`);
 * the GDAP pages use the same `commerce2/customers/{tenant id}/…` path. Microsoft documents no
 * stable deep link. The `/en-us` locale segment is left out: partner.microsoft.com then shows the
 * page in the reader's own language.
 */
export function partnerCenterCustomerUrl(customerId: string): string | undefined {
  const id = normaliseCustomerId(customerId);
  return id === undefined ? undefined : `https://partner.microsoft.com/dashboard/commerce2/customers/${id}/account`;
}

/** Example lookups the welcome and help cards offer as buttons. */
export interface CardExamples {
  /**
   * Customer tenant ids: the first is the one-customer example, the first two the several-customers
   * example. In demo mode pass customers the simulator knows, so the examples answer.
   */
  readonly customerIds?: readonly string[];
  /** A customer domain (e.g. one of the simulator's in demo mode). */
  readonly domain?: string;
  /** A company name (e.g. one of the simulator's customers in demo mode). */
  readonly companyName?: string;
}

/** One example: what kind of lookup it shows, the command form, and the command a button sends. */
export interface ExampleCommand {
  readonly heading: string;
  /** The command form with placeholders, e.g. `qualification for {customer-tenant-id}`. */
  readonly form: string;
  /** A note under the form, or '' for none. */
  readonly note: string;
  readonly command: string;
}

/**
 * The four examples (one customer, several, a domain, a company name) in the reader's language.
 * Ids, the domain and the name are used only in canonical form (they are shown in markdown
 * TextBlocks: GUIDs, DNS names and company names of letters, digits and a little punctuation hold
 * nothing markdown reads); anything else is replaced by the built-in examples.
 */
export function exampleCommands(
  m: Messages,
  examples: CardExamples | undefined,
  maxCustomers: number,
): ExampleCommand[] {
  const ids = (examples?.customerIds ?? [])
    .map((id) => normaliseCustomerId(id))
    .filter((id): id is CustomerTenantId => id !== undefined);
  const unique = [...new Set(ids)];
  const one = unique[0] ?? EXAMPLE_CUSTOMER_ID;
  const two = unique[1] ?? (one === EXAMPLE_CUSTOMER_ID_2 ? EXAMPLE_CUSTOMER_ID : EXAMPLE_CUSTOMER_ID_2);
  const domain = (examples?.domain === undefined ? undefined : normaliseDomain(examples.domain)) ?? EXAMPLE_DOMAIN;
  const name =
    (examples?.companyName === undefined ? undefined : normaliseCompanyName(examples.companyName)) ??
    EXAMPLE_COMPANY_NAME;
  return [
    { heading: m.help.commandHeading, form: m.help.command, note: '', command: m.commands.qualification([one]) },
    {
      heading: m.help.severalHeading,
      form: m.help.severalCommand,
      note: m.help.severalNote(maxCustomers),
      command: m.commands.qualification([one, two]),
    },
    {
      heading: m.help.domainHeading,
      form: m.help.domainCommand,
      note: m.help.domainNote,
      command: m.commands.qualification([domain]),
    },
    {
      heading: m.help.nameHeading,
      form: m.help.nameCommand,
      note: m.help.nameNote,
      command: m.commands.qualification([name]),
    },
  ];
}
