import type { Messages } from './types';
import { searchEnUS } from './searchEnUS';
import { watchEnUS } from './watchEnUS';

const retryIn = (seconds: number | undefined): string =>
  seconds === undefined ? 'Try again in a minute.' : `Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;

export const enUS: Messages = {
  locale: 'en-US',
  demoLabel: 'Demo data — not from Partner Center',
  watch: watchEnUS,
  search: searchEnUS,

  result: {
    title: 'Partner Center qualification',
    customerLabel: 'Customer tenant id',
    empty: 'No qualification on record (None)',
    emptyDetail:
      'Partner Center lists no Education, Government Community Cloud, state-owned entity or nonprofit qualification ' +
      'for this customer.',
    reason: (reason) => `Reason: ${reason}`,
    sentAs: (value) => `As sent by Partner Center: ${value}`,
    statusAsSent: (status) => `Status as Partner Center gives it: ${status}`,
    vettingDate: (date) => `Vetting date: ${date}`,
    fetched: (when) => `Fetched ${when}`,
    correlationId: (id) => `Correlation id: ${id}`,
    fallback: (customerId, summary) => `Partner Center qualification for ${customerId}: ${summary}`,
    companyUnavailable: 'Company name unavailable',
    openInPartnerCenter: 'Open in Partner Center',
    openInRealPartnerCenter: 'Open in Partner Center (real dashboard)',
    refresh: 'Refresh',
    details: 'Details',
    noVettingNeeded: 'No vetting needed',
    noVettingStatus: 'No vetting status given',
  },

  commands: {
    qualification: (targets) => `qualification for ${targets.join(', ')}`,
    help: 'help',
    signOut: 'sign out',
  },

  summary: {
    titleInProgress: 'Looking up qualifications…',
    title: 'Partner Center qualifications',
    progress: (done, total) => `${done} of ${total} done`,
    complete: (total, failed) => {
      const customers = `${total} ${total === 1 ? 'customer' : 'customers'}`;
      return failed === 0 ? customers : `${customers}, ${failed} couldn't be looked up`;
    },
    pending: 'Looking up…',
    checkAgain: 'Check again',
    tryAgain: 'Try again',
  },

  domain: {
    choiceTitle: (domain) => `Several of your customers use ${domain}`,
    choiceBody: 'Choose the customer to check:',
    check: 'Check',
    more: (count) => `…and ${count} more. Ask for them by customer tenant id.`,
    notFoundTitle: 'No customer with this domain',
    notFoundBody: (domain) => `None of your customers in Partner Center has the domain ${domain}.`,
    didYouMean: 'Did you mean:',
    notFoundNext:
      'Check the spelling, or ask by the customer tenant id: qualification for {customer-tenant-id}. The domain must ' +
      'be exactly the customer’s, such as contoso.onmicrosoft.com.',
    notFoundIncompleteTitle: 'Not found among the customers I searched',
    notFoundIncompleteBody: (domain) =>
      `None of the customers I searched has the domain ${domain}, but I couldn’t search them all.`,
    incomplete:
      'You have more customers than I searched, so one I didn’t search may have this domain. Ask by customer tenant ' +
      'id to be sure.',
    incompletePageFailed:
      'Partner Center stopped answering partway through the search, so a customer it didn’t return may have this ' +
      'domain. Try again, or ask by customer tenant id to be sure.',
  },

  tooMany: {
    title: "That's too many customers for one message",
    body: (count, limit) =>
      `You asked for ${count} customers; I look up at most ${limit} at a time. Send them in smaller groups.`,
  },

  welcome: {
    title: 'Check a customer’s Partner Center qualification',
    intro:
      'Send me a customer tenant id and I’ll show what Partner Center says about the customer’s qualification ' +
      '(Education, Government Community Cloud, state-owned entity, nonprofit or none), with its vetting status. You ' +
      'can also ask for several customers at once, or give a customer’s domain.',
    examplesHeading: 'Try one of these:',
    signIn:
      'The first time you ask, I’ll ask you to sign in with your work account: you see what your own Partner Center ' +
      'roles allow.',
    helpHint: 'Type help at any time to see everything I understand.',
    fallback:
      'Type qualification for {customer-tenant-id} to see a customer’s Partner Center qualification, or help for help.',
  },

  qualifications: {
    Education: 'Education',
    GovernmentCommunityCloud: 'Government Community Cloud (GCC)',
    StateOwnedEntity: 'State-owned entity',
    Nonprofit: 'Nonprofit',
    None: 'None',
  },

  turnError: (correlationId) =>
    `Sorry, something went wrong on our side. Please try again. If it keeps happening, give your admin this ` +
    `correlation id: ${correlationId}`,

  access: {
    tenantNotAllowed: (correlationId) =>
      `Sorry, this bot isn't available to your organization. If you think you should have access, ask the bot's ` +
      `admin and give them this correlation id: ${correlationId}`,
    slowDown: (seconds) =>
      `You're sending messages faster than I can answer. Please slow down and try again in ${seconds} ` +
      `${seconds === 1 ? 'second' : 'seconds'}.`,
  },

  statuses: {
    approved: 'Approved',
    inReview: 'In review',
    denied: 'Denied',
    other: 'Other status',
  },

  errors: {
    partnerCenter: {
      notFound: {
        title: "This tenant isn't one of your customers",
        next: () =>
          'Partner Center has no customer with this tenant id in your account. Check the id in Partner Center ' +
          '(Customers > the customer > Account > Microsoft ID).',
      },
      notAnswered: {
        title: "Partner Center couldn't answer this request",
        next: () =>
          "Partner Center answered “not found” without saying that it has no such customer, so this doesn't mean the " +
          "customer isn't yours. Try again later. If it keeps happening, tell the bot's admin and quote the " +
          'correlation id below.',
      },
      forbidden: {
        title: "You don't have access to this customer in Partner Center",
        next: () =>
          "Your customer relationship, your Partner Center role or your GDAP roles don't allow reading this " +
          'customer. Ask your Partner Center admin to check them.',
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
        next: () => "Try again. If it keeps happening, tell the bot's admin and quote the correlation id below.",
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
        next: () => "Try again. If it keeps happening, tell the bot's admin and quote the correlation id below.",
      },
    },
    signIn: {
      title: "The bot couldn't sign in to Partner Center",
      next: {
        invalidCredentials:
          "Ask the bot's admin to check the bot's client id and client secret; the secret may have expired.",
        invalidTenant: "Ask the bot's admin to check PARTNER_CENTER_TENANT_ID in the bot's settings.",
        unreachable:
          'Microsoft Entra ID could not be reached. Try again in a few minutes; if it keeps happening, tell the ' +
          "bot's admin.",
        unknown: "Ask the bot's admin to check the bot's Partner Center sign-in settings.",
        consentRequired:
          "An admin of your organization must grant consent for the app's Partner Center permission (Access Partner " +
          'Center API).',
        mfaRequired: 'Sign out, then sign in again and complete the multi-factor authentication (MFA) prompt.',
        signInExpired: 'Your sign-in expired or was revoked. Sign in again.',
      },
    },
    user: {
      consentRequired: {
        title: "Partner Center access hasn't been approved for this app yet",
        next: () =>
          "An admin of your organization must grant consent, once, for the app's Partner Center permission (Access " +
          'Partner Center API). Send them the link behind the button below.',
      },
      mfaRequired: {
        title: 'Partner Center requires multi-factor authentication',
        next: () =>
          'Your sign-in did not use multi-factor authentication (MFA). Sign out, then sign in again and complete the ' +
          'MFA prompt.',
      },
      unauthorized: {
        title: "Partner Center didn't accept your sign-in",
        next: () =>
          'Partner Center answers requests made on your behalf only when your sign-in used multi-factor ' +
          'authentication (MFA). Sign out, then sign in again and complete the MFA prompt.',
      },
      forbidden: {
        title: "You don't have access to this customer in Partner Center",
        next: () =>
          "Your Partner Center role, or your organization's GDAP relationship with this customer, doesn't allow " +
          'reading it. Ask your Partner Center admin to check your role (for example Admin agent, Sales agent or ' +
          'Helpdesk agent) and the customer relationship.',
      },
      grantConsentAction: 'Open the admin-consent page',
      signOutAction: 'Sign out',
    },
    legacyEndpoint:
      "The bot asks Partner Center's older qualification endpoint (PARTNER_CENTER_API=qualification), which " +
      "Microsoft has announced it is retiring, so it may be gone. Ask the bot's admin to set " +
      'PARTNER_CENTER_API=qualifications (the current endpoint) and restart the bot.',
    search: {
      notAnswered: {
        title: "Partner Center couldn't answer the search",
        next: () =>
          "Partner Center answered the search for this domain with “not found”, which doesn't tell whether one of " +
          'your customers has it. Try again later, or ask by customer tenant id: qualification for ' +
          '{customer-tenant-id}.',
      },
      forbidden: {
        title: "Partner Center didn't allow searching your customers",
        next: () =>
          "The Partner Center role in use doesn't allow listing customers. Ask by customer tenant id instead " +
          '(qualification for {customer-tenant-id}), or ask your Partner Center admin to check the role.',
      },
      badRequest: {
        title: 'Partner Center rejected the search',
        next: () => 'Check the domain and try again.',
      },
    },
    domainLabel: 'Domain',
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
      'Please sign in first: I look up qualifications as you, so your own Partner Center roles decide what you can ' +
      'see. I’ll answer your request as soon as you’re signed in.',
    codeNotAccepted:
      "That code wasn't accepted. Send the 6-digit code shown after you signed in, or select Sign in again.",
    didNotComplete: "Sign-in didn't complete. Send your request again to get a new sign-in card.",
    signedInNothingPending: (exampleCommand) =>
      `You're signed in. Send your request again, for example: ${exampleCommand}`,
    noSignInWaiting:
      'That looks like a sign-in code, but no sign-in is waiting. Send your request again to get a sign-in card.',
    expired: 'Your Partner Center sign-in has expired or was revoked. Please sign in again.',
    signedOut: "You're signed out. The next time you ask for a qualification, I'll ask you to sign in again.",
    signOutNotNeeded:
      "There's nothing to sign out of: this bot doesn't sign you in (it uses its own Partner Center access).",
    serviceUnavailable: (correlationId) =>
      `The sign-in service didn't answer. Try again in a minute. If it keeps happening, give your admin this ` +
      `correlation id: ${correlationId}`,
    stateUnavailable: (correlationId) =>
      `I couldn't reach the storage where sign-ins wait, so your sign-in didn't start or finish. Send your request ` +
      `again in a minute. If it keeps happening, give your admin this correlation id: ${correlationId}`,
    ssoFailed: (code) =>
      `Teams couldn't sign you in automatically (${code}). Select Sign in on the card to sign in with your work ` +
      `account.`,
    ssoMisconfigured:
      "Teams couldn't sign you in automatically because the app's single sign-on setup doesn't match the bot's sign-in connection. Select Sign in on the card instead, and tell the bot's admin (see “Going live” in the bot's documentation: the Token Exchange URL must be api://botid-{app id}).",
    signInInTeams: (exampleCommand) =>
      'I need you to sign in to Partner Center first, and Microsoft 365 Copilot can’t show the sign-in. Open the ' +
      'chat with Qualification Check in Microsoft Teams (Apps, then Qualification Check), send a request there, ' +
      `for example ${exampleCommand}, and sign in when I ask. Then send your request here again: you stay signed in.`,
  },

  invalidInput: {
    title: "That doesn't look like a customer tenant id",
    body:
      'Type “qualification for {customer-tenant-id}”, where the customer tenant id is a GUID: the customer’s ' +
      'Microsoft ID in Partner Center (Customers > the customer > Account). You can list several tenant ids, or give ' +
      'one domain on its own.',
    example: (exampleCommand) => `For example: ${exampleCommand}`,
    youTyped: (input) => `You typed: “${input}”`,
    nothingTyped: "You didn't type a customer tenant id.",
    notIds: (count) => (count === 1 ? 'This is not a customer tenant id:' : 'These are not customer tenant ids:'),
    andMore: (count) => `…and ${count} more.`,
  },

  help: {
    title: 'Partner Center qualification',
    intro:
      'I look up what Partner Center says about a customer’s qualification (Education, Government Community Cloud, ' +
      'state-owned entity, nonprofit or none) with its vetting status, reason and date.',
    commandHeading: 'One customer',
    command: 'qualification for {customer-tenant-id}',
    exampleCommand: (customerId) => `qualification for ${customerId}`,
    severalHeading: 'Several customers at once',
    severalCommand: 'qualification for {customer-tenant-id}, {customer-tenant-id}, …',
    severalNote: (limit) => `Up to ${limit} tenant ids in one message, separated by spaces or commas.`,
    domainHeading: 'By domain',
    domainCommand: 'qualification for {domain}',
    domainNote: 'The customer’s exact domain, such as contoso.onmicrosoft.com.',
    tryExample: 'Try it',
    findIdHeading: 'Where to find the customer tenant id',
    findId: 'In Partner Center: Customers > select the customer > Account > Microsoft ID.',
    otherCommandsHeading: 'Other commands',
    helpCommand: 'help — show this card',
    signOutCommand: 'sign out — forget your Partner Center sign-in',
    watchCommands: [
      'watch {customer-tenant-id or domain} — tell this chat when its qualification or vetting status changes',
      'unwatch {customer-tenant-id or domain} — stop',
      'watching — what is watched here',
    ],
    fallback:
      'Type qualification for {customer-tenant-id} to see a customer’s Partner Center qualification, or help for help.',
    nameHeading: 'By company name',
    nameCommand: 'qualification for {company name}',
    nameNote: 'The beginning of the name as Partner Center shows it, such as Contoso School.',
  },

  byName: {
    choiceTitle: (name) => `Several of your customers are named ${name}…`,
    choiceBody: 'Choose the customer to check:',
    refine: (count) =>
      `…and ${count} more. Refine your search: type more of the company name, or give the tenant id or domain.`,
    refineMore:
      'Partner Center has more customers whose name starts like this. Refine your search: type more of the company ' +
      'name, or give the tenant id or domain.',
    notFoundTitle: 'No customer with this name',
    notFoundBody: (name) => `No customer named ${name}… in your Partner Center customers.`,
    notFoundNext:
      'Check the spelling and type the beginning of the name as Partner Center shows it (Contoso School, not ' +
      'School District), or ask by the customer tenant id or domain: qualification for {customer-tenant-id}.',
    label: 'Company name',
    searchNotAnswered: {
      title: "Partner Center couldn't answer the search",
      next: () =>
        "Partner Center answered the search for this name with “not found”, which doesn't tell whether one of your " +
        'customers has it. Try again later, or ask by customer tenant id: qualification for {customer-tenant-id}.',
    },
    searchBadRequest: {
      title: 'Partner Center rejected the search',
      next: () => 'Check the company name and try again, or ask by customer tenant id.',
    },
  },

  severalDomains: {
    notFound: 'No customer with this domain. Ask by its customer tenant id.',
    shared: (count) => `${count} customers have this domain. Ask for the one you mean by its customer tenant id.`,
  },

  notUnderstood: (typed) =>
    `I couldn’t find a customer tenant id, domain, Partner Center link or company name in “${typed}”. Here is what ` +
    'I understand:',
};
