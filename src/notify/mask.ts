/**
 * Masking of notifier targets for describe(), errors and logs. Webhook paths and query strings often are the
 * credential (Slack and Discord put the token in the path), so only scheme, host and port are shown.
 */

/** `scheme://host[:port]` followed by `/…` when the URL has a path, query or fragment; userinfo dropped. */
export function maskHttpUrl(value: string, base?: string): string {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '(invalid URL)';
  }
  const hasMore = (url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '';
  return `${url.protocol}//${url.host}${hasMore ? '/…' : ''}`;
}

/** `scheme://user:***@host[:port]`: the password masked, path and query dropped. */
export function maskSmtpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return '(invalid URL)';
  }
  const user = url.username ? `${url.username}${url.password ? ':***' : ''}@` : '';
  return `${url.protocol}//${user}${url.host}`;
}

/** Replaces every occurrence of each non-empty secret (raw and percent-encoded) with `***`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === '') continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out;
}
