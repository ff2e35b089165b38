/**
 * Credentials in text that came from outside (a library's error message, Partner Center's error
 * description): the one place that knows what they look like. The logger scrubs every line with
 * scrubCredentials; a card showing Partner Center's text also removes URLs (scrubForDisplay),
 * which stay in the log for support.
 */

export const REDACTED = '[redacted]';

const BEARER = /\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi;
const JWT_SHAPED = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;
/** `name=value` credentials, as in a query string or a form body. */
// No backslash in the value: in a JSON log line it would be the escape of the next character.
const NAMED_CREDENTIAL =
  /\b(access_token|refresh_token|id_token|client_secret|client_assertion|password|sig)=[^\s&"'<>\\]+/gi;
/** Absolute URLs of any scheme, and `www.` addresses. */
const URL_LIKE = /\b(?:[a-z][a-z0-9+.-]{1,15}:\/\/|www\.)[^\s"'<>]+/gi;

/** Removes `Bearer …` credentials, JWT-shaped strings and `access_token=…`-style values. */
export function scrubCredentials(text: string): string {
  return text
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JWT_SHAPED, REDACTED)
    .replace(NAMED_CREDENTIAL, `$1=${REDACTED}`);
}

/** scrubCredentials, and URLs too (internal addresses): for outside text shown to a user. */
export function scrubForDisplay(text: string): string {
  // Punctuation after a URL ends the sentence, not the URL: it stays.
  return scrubCredentials(text.replace(URL_LIKE, (url) => REDACTED + (/[.,;:!?)\]]+$/.exec(url)?.[0] ?? '')));
}
