/**
 * What counts as "this machine only": 127.0.0.0/8, ::1 (also as an IPv4-mapped address) and
 * `localhost`. Used for the interfaces the bot listens on without authentication, the reply
 * addresses it answers without authentication, and the http:// Partner Center stand-ins it accepts.
 */

/** Where an anonymous bot listens when HOST is not set (or is `localhost`): both loopback families. */
export const LOOPBACK_LISTEN_HOSTS: readonly string[] = ['127.0.0.1', '::1'];

const IPV4_LOOPBACK = /^127(?:\.\d{1,3}){3}$/;
/** ::ffff:127.x.y.z as a URL writes it (::ffff:7f00:1) or as typed. */
const MAPPED_IPV4_LOOPBACK = /^::ffff:(?:7f[0-9a-f]{2}:[0-9a-f]{1,4}|127(?:\.\d{1,3}){3})$/;

/**
 * True for a loopback host name or address: `localhost`, 127.x.y.z, ::1, with or without the
 * brackets a URL puts around IPv6 (a URL's `hostname` is already normalised: `127.1` and
 * `0x7f000001` arrive as 127.0.0.1).
 */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  return name === 'localhost' || name === '::1' || IPV4_LOOPBACK.test(name) || MAPPED_IPV4_LOOPBACK.test(name);
}

/** True when `url` is an http(s) URL whose host is loopback (see isLoopbackHost). */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopbackHost(parsed.hostname);
}
