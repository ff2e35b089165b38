/**
 * Every human-readable text the cards show. The templates in cards/*.json contain no words of
 * their own, so a new language is one more object of type `Messages` (same keys: enUS.ts, zhTW.ts)
 * and one more line in `messagesFor` (index.ts).
 *
 * Outside text (what a user typed, what Partner Center sent) never goes into markdown: the card code
 * calls a function that takes outside text with a placeholder and shows the outside text in a
 * TextRun of its own (see runs.ts). So such functions must use each argument exactly once, as
 * it is. Text shown in a TextBlock (titles, headings) is markdown: avoid `<…>` there (Teams treats it
 * as an HTML tag and hides it), and write placeholders as `{customer-tenant-id}`.
 */
import type { TokenFailureReason } from '../../auth/tokenProvider';
import type { PartnerCenterErrorKind } from '../../partnerCenter/errors';
import type { KnownQualification } from '../../partnerCenter/types';
import type { SearchMessages } from './searchTypes';
import type { WatchMessages } from './watchTypes';

/** A real-looking customer tenant id used in examples (not a real customer). */
export const EXAMPLE_CUSTOMER_ID = '4f1c2d3e-8a7b-4c6d-9e5f-0a1b2c3d4e5f';

/** A second one, for the "several customers" example. */
export const EXAMPLE_CUSTOMER_ID_2 = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** A customer domain used in examples (the form every tenant has: <name>.onmicrosoft.com). */
export const EXAMPLE_DOMAIN = 'contoso.onmicrosoft.com';

/** A company name used in examples. */
export const EXAMPLE_COMPANY_NAME = 'Contoso';

/** What a Partner Center error card's next-step text may use. */
interface ErrorNextStepDetails {
  /** Whole seconds to wait (throttled only), when Partner Center said. */
  readonly retryAfterSeconds?: number;
  /** Partner Center's own description (badRequest uses it); a placeholder, see the top of this file. */
  readonly description?: string;
}

export interface ErrorText {
  readonly title: string;
  readonly next: (details: ErrorNextStepDetails) => string;
}

export interface Messages {
  /** The BCP 47 tag of this catalog. */
  readonly locale: string;
  /** Shown at the top of every card in demo mode. */
  readonly demoLabel: string;
  /** `watch`, `unwatch`, `watching` and the watcher's notices (watchTypes.ts). */
  readonly watch: WatchMessages;
  /** The message extension: search box hints and its sign-in (searchTypes.ts). */
  readonly search: SearchMessages;

  readonly result: {
    readonly title: string;
    readonly customerLabel: string;
    /** When Partner Center lists no qualification. */
    readonly empty: string;
    readonly emptyDetail: string;
    readonly reason: (reason: string) => string;
    /** Under a qualification value the bot doesn't know, shown readably above: the exact value sent. */
    readonly sentAs: (value: string) => string;
    /** Under a vetting status the bot doesn't know (shown as statuses.other): the exact status sent. */
    readonly statusAsSent: (status: string) => string;
    /** `date` is either Adaptive Card DATE() markup or the raw text Partner Center sent. */
    readonly vettingDate: (date: string) => string;
    /** `when` is Adaptive Card DATE()/TIME() markup. */
    readonly fetched: (when: string) => string;
    readonly correlationId: (id: string) => string;
    /** Plain-text summary for notifications and clients that cannot render the card. */
    readonly fallback: (customerId: string, summary: string) => string;
    /** Under the title when the bot asked Partner Center for the company name and got none. */
    readonly companyUnavailable: string;
    /** Button: the customer's page in the Partner Center dashboard. */
    readonly openInPartnerCenter: string;
    /** The same button in demo mode: it opens the real dashboard, which does not know the sample customers. */
    readonly openInRealPartnerCenter: string;
    /** Button: look the customer up again and update this card. */
    readonly refresh: string;
    /** Button that shows or hides the small print (the correlation id) on a card that answers. */
    readonly details: string;
    /** In place of a vetting status, for a state-owned entity (Partner Center lists it without one). */
    readonly noVettingNeeded: string;
    /** In place of a vetting status, for any other qualification that comes without one. */
    readonly noVettingStatus: string;
  };

  /**
   * The exact command texts buttons send (Action.Submit, as if the user typed them). They must be
   * what src/conversation/commandParser.ts accepts in this language (a test parses every one).
   */
  readonly commands: {
    /** Canonical tenant ids, or one normalised domain. */
    readonly qualification: (targets: readonly string[]) => string;
    readonly help: string;
    readonly signOut: string;
  };

  /** The card for several customers at once, filled in as the lookups finish. */
  readonly summary: {
    /** While some customers are still being looked up. */
    readonly titleInProgress: string;
    /** When every lookup has finished (or failed). */
    readonly title: string;
    readonly progress: (done: number, total: number) => string;
    /** `failed` may be 0. */
    readonly complete: (total: number, failed: number) => string;
    /** A row still being looked up. */
    readonly pending: string;
    /** Button on an answered row: that customer's own result card, looked up again. */
    readonly checkAgain: string;
    /** Button on a failed row: look that customer up again (its own card). */
    readonly tryAgain: string;
  };

  /** Looking a customer up by domain (`qualification for contoso.onmicrosoft.com`). */
  readonly domain: {
    /** Several customers have exactly this domain. `domain` is a placeholder (a TextRun). */
    readonly choiceTitle: (domain: string) => string;
    readonly choiceBody: string;
    /** The button next to each customer. */
    readonly check: string;
    /** More customers than the card lists. */
    readonly more: (count: number) => string;
    readonly notFoundTitle: string;
    /** `domain` is a placeholder (a TextRun). */
    readonly notFoundBody: (domain: string) => string;
    readonly didYouMean: string;
    readonly notFoundNext: string;
    /** Instead of notFoundTitle/notFoundBody when the search could not cover every customer. */
    readonly notFoundIncompleteTitle: string;
    /** `domain` is a placeholder (a TextRun). Must not say that no customer has it. */
    readonly notFoundIncompleteBody: (domain: string) => string;
    /** Partner Center had more customers than the bot searched: one not searched may have the domain. */
    readonly incomplete: string;
    /** A later page of the search failed: one Partner Center didn't return may have the domain. */
    readonly incompletePageFailed: string;
  };

  /** More tenant ids in one message than the bot looks up at once. */
  readonly tooMany: {
    readonly title: string;
    readonly body: (count: number, limit: number) => string;
  };

  /** The card sent when the bot is installed or added to a conversation. */
  readonly welcome: {
    readonly title: string;
    readonly intro: string;
    readonly examplesHeading: string;
    /** PARTNER_CENTER_AUTH=user only. */
    readonly signIn: string;
    readonly helpHint: string;
    readonly fallback: string;
  };

  /** Human labels of the documented qualification values. */
  readonly qualifications: { readonly [K in KnownQualification]: string };

  /**
   * Human labels of the vetting statuses we know. Any other status is shown as `other`, with
   * result.statusAsSent giving it exactly as Partner Center sent it.
   */
  readonly statuses: {
    readonly approved: string;
    readonly inReview: string;
    readonly denied: string;
    readonly other: string;
  };

  readonly errors: {
    readonly partnerCenter: { readonly [K in PartnerCenterErrorKind]: ErrorText };
    readonly signIn: {
      readonly title: string;
      readonly next: { readonly [R in TokenFailureReason]: string };
    };
    /**
     * PARTNER_CENTER_AUTH=user: what goes wrong when the bot acts as the person who asked. These
     * replace the app-mode texts for the same failures (which talk about the bot's credentials).
     */
    readonly user: {
      readonly consentRequired: ErrorText;
      readonly mfaRequired: ErrorText;
      /** Partner Center answered 401 to a call made on the user's behalf (no MFA claim, in practice). */
      readonly unauthorized: ErrorText;
      /** Partner Center answered 403: no Partner Center role, or no GDAP relationship for that customer. */
      readonly forbidden: ErrorText;
      readonly grantConsentAction: string;
      readonly signOutAction: string;
    };
    /**
     * Under notAnswered (and 410 Gone) when PARTNER_CENTER_API=qualification: the legacy endpoint
     * was announced retired, and how to switch to the current one.
     */
    readonly legacyEndpoint: string;
    /**
     * A search by domain failed: these replace the texts that speak of one customer or tenant id
     * (a search is about neither). `notAnswered` also stands for a notFound.
     */
    readonly search: {
      readonly notAnswered: ErrorText;
      readonly forbidden: ErrorText;
      readonly badRequest: ErrorText;
    };
    /** Labels the domain on a failed search's card (where a lookup shows the tenant id). */
    readonly domainLabel: string;
    readonly generic: { readonly title: string; readonly next: string };
    readonly customerLabel: string;
    readonly correlationId: (id: string) => string;
    /** At least one of code and description is set. */
    readonly partnerCenterCode: (code: string | undefined, description: string | undefined) => string;
    readonly httpStatus: (status: number) => string;
    readonly aadCode: (code: string) => string;
    readonly fallback: (title: string, next: string) => string;
  };

  /** Plain-text reply when a turn fails unexpectedly (no card: the failure may be in the cards). */
  readonly turnError: (correlationId: string) => string;

  /**
   * Plain-text replies of the access gate (src/conversation/accessGate.ts); no Partner Center call was
   * made. Plain text like turnError: nothing from outside is shown, so no card is needed.
   */
  readonly access: {
    /** The user's organization (tenant) is not on the bot's allow-list. */
    readonly tenantNotAllowed: (correlationId: string) => string;
    /** The user sent more messages than the per-user rate limit allows; whole seconds, at least 1. */
    readonly slowDown: (retryAfterSeconds: number) => string;
  };

  /** PARTNER_CENTER_AUTH=user: signing in to Partner Center as yourself (plain-text replies and the sign-in card). */
  readonly signIn: {
    /** The sign-in card's text and button. */
    readonly cardText: string;
    readonly cardButton: string;
    /** The message above the sign-in card. */
    readonly prompt: string;
    /** After a 6-digit code that the sign-in service did not accept; the card stays valid. */
    readonly codeNotAccepted: string;
    /** The sign-in ended without a token (timed out, or cancelled). */
    readonly didNotComplete: string;
    /** A sign-in finished but no command was waiting (e.g. after a restart or a timeout). */
    readonly signedInNothingPending: (exampleCommand: string) => string;
    /** Six digits arrived but no sign-in is waiting. */
    readonly noSignInWaiting: string;
    /** The user's sign-in expired or was revoked; a new sign-in card follows. */
    readonly expired: string;
    readonly signedOut: string;
    /** `sign out` in app or demo mode, where the bot never signs anyone in. */
    readonly signOutNotNeeded: string;
    /** The Bot Framework token service could not be reached or failed. */
    readonly serviceUnavailable: (correlationId: string) => string;
    /** The store where sign-ins wait (STATE_STORAGE) could not be read or written. */
    readonly stateUnavailable: (correlationId: string) => string;
    /** Teams sent signin/failure: single sign-on could not work. */
    readonly ssoFailed: (code: string) => string;
    /** …with code resourcematchfailed: the app's SSO setup does not match its OAuth connection. */
    readonly ssoMisconfigured: string;
    /**
     * Microsoft 365 Copilot, where no sign-in card can be shown, and the person is not signed in:
     * where to sign in (the bot's chat in Teams) and that the request is to be sent again here.
     */
    readonly signInInTeams: (exampleCommand: string) => string;
  };

  readonly invalidInput: {
    readonly title: string;
    readonly body: string;
    readonly example: (exampleCommand: string) => string;
    readonly youTyped: (input: string) => string;
    readonly nothingTyped: string;
    /** Heading of the list of what was not a tenant id (`count` entries, at least 1). */
    readonly notIds: (count: number) => string;
    /** After the list, when it was cut. */
    readonly andMore: (count: number) => string;
  };

  readonly help: {
    readonly title: string;
    readonly intro: string;
    readonly commandHeading: string;
    /** The command form, shown in monospace. */
    readonly command: string;
    readonly exampleCommand: (customerId: string) => string;
    readonly severalHeading: string;
    /** The command form for several ids, shown in monospace. */
    readonly severalCommand: string;
    readonly severalNote: (limit: number) => string;
    readonly domainHeading: string;
    /** The command form for a domain, shown in monospace. */
    readonly domainCommand: string;
    readonly domainNote: string;
    /** The button next to each example. */
    readonly tryExample: string;
    readonly findIdHeading: string;
    readonly findId: string;
    readonly otherCommandsHeading: string;
    readonly helpCommand: string;
    /** PARTNER_CENTER_AUTH=user only. */
    readonly signOutCommand: string;
    /** watch, unwatch and watching, in one line each. */
    readonly watchCommands: readonly string[];
    readonly fallback: string;
    /** The by-name example: its heading, its form (monospace) and a note. */
    readonly nameHeading: string;
    readonly nameCommand: string;
    readonly nameNote: string;
  };

  /** Looking customers up by company name (`qualification for Contoso School District`). */
  readonly byName: {
    /** Several customers' names start with it. `name` is a placeholder (a TextRun). */
    readonly choiceTitle: (name: string) => string;
    readonly choiceBody: string;
    /** More customers than the card lists; asks to refine the search. */
    readonly refine: (count: number) => string;
    /** Partner Center has more customers whose name starts like this than the bot read. */
    readonly refineMore: string;
    readonly notFoundTitle: string;
    /** `name` is a placeholder (a TextRun). */
    readonly notFoundBody: (name: string) => string;
    /** What to try instead. */
    readonly notFoundNext: string;
    /** Labels the name on a failed search's card (where a lookup shows the tenant id). */
    readonly label: string;
    /** A search by name failed with a 404 (it tells nothing about the name). */
    readonly searchNotAnswered: ErrorText;
    /** Partner Center rejected the search. */
    readonly searchBadRequest: ErrorText;
  };

  /** Rows of the several-customers card for a domain that is not exactly one customer's. */
  readonly severalDomains: {
    /** No customer searched has the domain. */
    readonly notFound: string;
    /** `count` (2 or more) customers share the domain. */
    readonly shared: (count: number) => string;
  };

  /**
   * Heads the help card when a message held nothing the bot could read. `typed` is a placeholder
   * (a TextRun): what the person typed.
   */
  readonly notUnderstood: (typed: string) => string;
}
