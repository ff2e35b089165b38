/** What every card of a lookup needs to know about how the bot runs. */
export interface CardSettings {
  /** Demo mode: every card says the data is not from Partner Center. */
  readonly demo: boolean;
  /** PARTNER_CENTER_AUTH=user: error cards speak to the person (consent, MFA, roles) with a next step. */
  readonly userSignIn?: { readonly adminConsentUrl: string };
}
