/**
 * Every human-readable text the cards show. The templates in cards/*.json contain no words of
 * their own, so a new language is one more object of type `Messages` (same keys) and one more line
 * in `messagesFor`.
 *
 * Outside text (what a user typed, what Partner Center sent) never goes into markdown: the card code
 * calls a function that takes outside text with a placeholder and shows the outside text in a
 * TextRun of its own (see runs.ts). So such functions must use each argument exactly once, as
 * it is. Text shown in a TextBlock (titles, headings) is markdown: avoid `<…>` there (Teams treats it
 * as an HTML tag and hides it), and write placeholders as `{customer-tenant-id}`.
 */
import type { TokenFailureReason } from '../auth/tokenProvider';
import type { PartnerCenterErrorKind } from '../partnerCenter/errors';
import type { KnownQualification } from '../partnerCenter/types';

/** A real-looking customer tenant id used in examples (not a real customer). */
export const EXAMPLE_CUSTOMER_ID = '4f1c2d3e-8a7b-4c6d-9e5f-0a1b2c3d4e5f';

/** What a Partner Center error card's next-step text may use. */
export interface ErrorNextStepDetails {
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

  readonly result: {
    readonly title: string;
    readonly customerLabel: string;
    /** When Partner Center lists no qualification. */
    readonly empty: string;
    readonly emptyDetail: string;
    readonly reason: (reason: string) => string;
    /** Under a qualification value the bot doesn't know, shown readably above: the exact value sent. */
    readonly sentAs: (value: string) => string;
    /** `date` is either Adaptive Card DATE() markup or the raw text Partner Center sent. */
    readonly vettingDate: (date: string) => string;
    /** `when` is Adaptive Card DATE()/TIME() markup. */
    readonly fetched: (when: string) => string;
    readonly correlationId: (id: string) => string;
    /** Plain-text summary for notifications and clients that cannot render the card. */
    readonly fallback: (customerId: string, summary: string) => string;
  };

  /** Human labels of the documented qualification values. */
  readonly qualifications: { readonly [K in KnownQualification]: string };

  /** Human labels of the vetting statuses we know; any other status is shown as Partner Center sent it. */
  readonly statuses: {
    readonly approved: string;
    readonly inReview: string;
    readonly denied: string;
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
   * Plain-text replies of the access gate (src/bot/accessGate.ts); no Partner Center call was
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
    /** Teams sent signin/failure: single sign-on could not work. */
    readonly ssoFailed: (code: string) => string;
    /** …with code resourcematchfailed: the app's SSO setup does not match its OAuth connection. */
    readonly ssoMisconfigured: string;
  };

  readonly invalidInput: {
    readonly title: string;
    readonly body: string;
    readonly example: (exampleCommand: string) => string;
    readonly youTyped: (input: string) => string;
    readonly nothingTyped: string;
  };

  readonly help: {
    readonly title: string;
    readonly intro: string;
    readonly commandHeading: string;
    /** The command form, shown in monospace. */
    readonly command: string;
    readonly exampleHeading: string;
    readonly exampleCommand: (customerId: string) => string;
    readonly findIdHeading: string;
    readonly findId: string;
    readonly otherCommandsHeading: string;
    readonly helpCommand: string;
    readonly fallback: string;
  };
}

const retryIn = (seconds: number | undefined): string =>
  seconds === undefined
    ? 'Try again in a minute.'
    : `Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;

export const enUS: Messages = {
  locale: 'en-US',
  demoLabel: 'Demo data — not from Partner Center',

  result: {
    title: 'Partner Center qualification',
    customerLabel: 'Customer tenant id',
    empty: 'No qualification on record (None)',
    emptyDetail:
      'Partner Center lists no Education, Government Community Cloud, state-owned entity or nonprofit qualification for this customer.',
    reason: (reason) => `Reason: ${reason}`,
    sentAs: (value) => `As sent by Partner Center: ${value}`,
    vettingDate: (date) => `Vetting date: ${date}`,
    fetched: (when) => `Fetched ${when}`,
    correlationId: (id) => `Correlation id: ${id}`,
    fallback: (customerId, summary) => `Partner Center qualification for ${customerId}: ${summary}`,
  },

  qualifications: {
    Education: 'Education',
    GovernmentCommunityCloud: 'Government Community Cloud (GCC)',
    StateOwnedEntity: 'State-owned entity',
    Nonprofit: 'Nonprofit',
    None: 'None',
  },

  turnError: (correlationId) =>
    `Sorry, something went wrong on our side. Please try again. If it keeps happening, give your admin this correlation id: ${correlationId}`,

  access: {
    tenantNotAllowed: (correlationId) =>
      `Sorry, this bot isn't available to your organization. If you think you should have access, ask the bot's admin and give them this correlation id: ${correlationId}`,
    slowDown: (seconds) =>
      `You're sending messages faster than I can answer. Please slow down and try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`,
  },

  statuses: {
    approved: 'Approved',
    inReview: 'In review',
    denied: 'Denied',
  },

  errors: {
    partnerCenter: {
      notFound: {
        title: "This tenant isn't one of your customers",
        next: () =>
          'Partner Center has no customer with this tenant id in your account. Check the id in Partner Center (Customers > the customer > Account > Microsoft ID).',
      },
      forbidden: {
        title: "You don't have access to this customer in Partner Center",
        next: () =>
          "Your customer relationship, your Partner Center role or your GDAP roles don't allow reading this customer. Ask your Partner Center admin to check them.",
      },
      unauthorized: {
        title: "Partner Center refused the bot's credentials",
        next: () => 'Ask the admin who set up the bot to check its Partner Center credentials.',
      },
      throttled: {
        title: 'Partner Center is busy',
        next: ({ retryAfterSeconds }) => retryIn(retryAfterSeconds),
      },
      unavailable: {
        title: 'Partner Center is unavailable right now',
        next: () => 'Try again in a few minutes.',
      },
      timeout: {
        title: "Partner Center didn't answer in time",
        next: () => 'Try again.',
      },
      malformedResponse: {
        title: "Partner Center sent an answer the bot couldn't read",
        next: () =>
          "Try again. If it keeps happening, tell the bot's admin and quote the correlation id below.",
      },
      badRequest: {
        title: 'Partner Center rejected the request',
        next: ({ description }) =>
          description
            ? `Partner Center said: ${description}. Check the customer tenant id and try again.`
            : 'Check the customer tenant id and try again.',
      },
      unexpected: {
        title: 'Something went wrong',
        next: () =>
          "Try again. If it keeps happening, tell the bot's admin and quote the correlation id below.",
      },
    },
    signIn: {
      title: "The bot couldn't sign in to Partner Center",
      next: {
        invalidCredentials:
          "Ask the bot's admin to check the bot's client id and client secret; the secret may have expired.",
        invalidTenant: "Ask the bot's admin to check PARTNER_CENTER_TENANT_ID in the bot's settings.",
        unreachable:
          "Microsoft Entra ID could not be reached. Try again in a few minutes; if it keeps happening, tell the bot's admin.",
        unknown: "Ask the bot's admin to check the bot's Partner Center sign-in settings.",
        consentRequired:
          "An admin of your organization must grant consent for the app's Partner Center permission (Access Partner Center API).",
        mfaRequired: 'Sign out, then sign in again and complete the multi-factor authentication (MFA) prompt.',
        signInExpired: 'Your sign-in expired or was revoked. Sign in again.',
      },
    },
    user: {
      consentRequired: {
        title: "Partner Center access hasn't been approved for this app yet",
        next: () =>
          "An admin of your organization must grant consent, once, for the app's Partner Center permission (Access Partner Center API). Send them the link behind the button below.",
      },
      mfaRequired: {
        title: 'Partner Center requires multi-factor authentication',
        next: () =>
          'Your sign-in did not use multi-factor authentication (MFA). Sign out, then sign in again and complete the MFA prompt.',
      },
      unauthorized: {
        title: "Partner Center didn't accept your sign-in",
        next: () =>
          'Partner Center answers requests made on your behalf only when your sign-in used multi-factor authentication (MFA). Sign out, then sign in again and complete the MFA prompt.',
      },
      forbidden: {
        title: "You don't have access to this customer in Partner Center",
        next: () =>
          "Your Partner Center role, or your organization's GDAP relationship with this customer, doesn't allow reading it. Ask your Partner Center admin to check your role (for example Admin agent, Sales agent or Helpdesk agent) and the customer relationship.",
      },
      grantConsentAction: 'Open the admin-consent page',
      signOutAction: 'Sign out',
    },
    generic: {
      title: 'Something went wrong on our side',
      next: "Try again. If it keeps happening, tell the bot's admin and quote the correlation id below.",
    },
    customerLabel: 'Customer tenant id',
    correlationId: (id) => `Correlation id: ${id}`,
    partnerCenterCode: (code, description) =>
      code !== undefined && description !== undefined
        ? `Partner Center error ${code}: ${description}`
        : code !== undefined
          ? `Partner Center error ${code}`
          : `Partner Center said: ${description ?? ''}`,
    httpStatus: (status) => `HTTP status ${status}`,
    aadCode: (code) => `Entra ID error ${code}`,
    fallback: (title, next) => `${title}. ${next}`,
  },

  signIn: {
    cardText: 'Sign in to Partner Center with your work account.',
    cardButton: 'Sign in',
    prompt:
      'Please sign in first: I look up qualifications as you, so your own Partner Center roles decide what you can see. I’ll answer your request as soon as you’re signed in.',
    codeNotAccepted:
      "That code wasn't accepted. Send the 6-digit code shown after you signed in, or select Sign in again.",
    didNotComplete: "Sign-in didn't complete. Send your request again to get a new sign-in card.",
    signedInNothingPending: (exampleCommand) => `You're signed in. Send your request again, for example: ${exampleCommand}`,
    noSignInWaiting: 'That looks like a sign-in code, but no sign-in is waiting. Send your request again to get a sign-in card.',
    expired: 'Your Partner Center sign-in has expired or was revoked. Please sign in again.',
    signedOut: "You're signed out. The next time you ask for a qualification, I'll ask you to sign in again.",
    signOutNotNeeded: "There's nothing to sign out of: this bot doesn't sign you in (it uses its own Partner Center access).",
    serviceUnavailable: (correlationId) =>
      `The sign-in service didn't answer. Try again in a minute. If it keeps happening, give your admin this correlation id: ${correlationId}`,
    ssoFailed: (code) =>
      `Teams couldn't sign you in automatically (${code}). Select Sign in on the card to sign in with your work account.`,
    ssoMisconfigured:
      "Teams couldn't sign you in automatically because the app's single sign-on setup doesn't match the bot's sign-in connection. Select Sign in on the card instead, and tell the bot's admin (see “Going live” in the bot's README: the Token Exchange URL must be api://botid-{app id}).",
  },

  invalidInput: {
    title: "That doesn't look like a customer tenant id",
    body: 'Type “qualification for {customer-tenant-id}”, where the customer tenant id is a GUID: the customer’s Microsoft ID in Partner Center (Customers > the customer > Account).',
    example: (exampleCommand) => `For example: ${exampleCommand}`,
    youTyped: (input) => `You typed: “${input}”`,
    nothingTyped: "You didn't type a customer tenant id.",
  },

  help: {
    title: 'Partner Center qualification',
    intro:
      'I look up what Partner Center says about a customer’s qualification (Education, Government Community Cloud, state-owned entity, nonprofit or none) with its vetting status, reason and date.',
    commandHeading: 'Ask for a customer',
    command: 'qualification for {customer-tenant-id}',
    exampleHeading: 'Example',
    exampleCommand: (customerId) => `qualification for ${customerId}`,
    findIdHeading: 'Where to find the customer tenant id',
    findId: 'In Partner Center: Customers > select the customer > Account > Microsoft ID.',
    otherCommandsHeading: 'Other commands',
    helpCommand: 'help — show this card',
    fallback: 'Type qualification for {customer-tenant-id} to see a customer’s Partner Center qualification, or help for help.',
  },
};

/** Catalogs by lower-case BCP 47 tag. Add e.g. `'zh-tw': zhTW` here when it exists. */
const catalogs: Readonly<Record<string, Messages>> = { 'en-us': enUS };

/**
 * The catalog for a BCP 47 tag: the exact tag, else a catalog keyed by the language alone (`en`),
 * else en-US. (No guessing between regions: zh-CN must not silently get a zh-TW catalog.)
 * Only en-US exists today, so every tag ends up with it.
 */
/** Every catalog, once each (e.g. to build one sign-in prompt per language). */
export function allCatalogs(): readonly Messages[] {
  return [...new Set(Object.values(catalogs))];
}

export function messagesFor(locale?: string): Messages {
  const tag = (locale ?? '').trim().toLowerCase().replace(/_/g, '-');
  const language = tag.split('-')[0] ?? '';
  return catalogs[tag] ?? catalogs[language] ?? enUS;
}
