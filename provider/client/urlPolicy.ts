import * as net from "net";

/**
 * True for hosts that never leave the machine: `localhost`, 127.0.0.0/8 and `::1` (also in its
 * IPv4-mapped form). Accepts a URL `hostname`, with or without IPv6 brackets.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (host === "localhost") {
    return true;
  }
  if (net.isIPv4(host)) {
    return host.startsWith("127.");
  }
  if (net.isIPv6(host)) {
    if (host === "::1" || host === "0:0:0:0:0:0:0:1") {
      return true;
    }
    // IPv4-mapped addresses, dotted (::ffff:127.0.0.1) or as the URL parser prints them (::ffff:7f00:1).
    const dotted = /^(?:0:0:0:0:0:|::)ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    if (dotted) {
      return dotted[1].startsWith("127.");
    }
    const hex = /^(?:0:0:0:0:0:|::)ffff:([0-9a-f]{1,4}):[0-9a-f]{1,4}$/.exec(host);
    return hex !== null && parseInt(hex[1], 16) >> 8 === 127;
  }
  return false;
}

/**
 * Checks a configured base URL before any request is made: https anywhere, plain http only for
 * loopback (the emulator), no embedded user:password (it would be sent and logged), no query or
 * fragment (paths are appended to it).
 *
 * @param label the option name to show in the error, e.g. `apiUrl`.
 * @throws Error explaining which rule the URL breaks.
 * @internal
 */
export function assertSafeBaseUrl(url: string, label: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${label} "${url}" is not a valid absolute URL`);
  }
  const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (parsed.username || parsed.password) {
    throw new Error(`${label} must not embed credentials in the URL (${shown})`);
  }
  if (parsed.search || parsed.hash) {
    throw new Error(`${label} must not have a query string or fragment (${shown})`);
  }
  if (parsed.protocol === "https:") {
    return parsed;
  }
  if (parsed.protocol === "http:") {
    if (isLoopbackHost(parsed.hostname)) {
      return parsed;
    }
    throw new Error(
      `${label} "${shown}" uses plain http to a non-loopback host; tokens and credentials would ` +
        "cross the network unencrypted. Use https, or http only for localhost, 127.0.0.0/8 or ::1.",
    );
  }
  throw new Error(`${label} "${shown}" must use https (or http for a loopback host)`);
}
