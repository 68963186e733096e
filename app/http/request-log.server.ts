/**
 * What the request log may say about a request. Our users are exposed people: the log never holds
 * a query string (tokens, searches, return addresses), and never an order's code, which is a
 * guest's only key to their order and tickets.
 */

// Routing ignores case, so /ORDERS/<code> reaches the order page just as /orders/<code> does; the
// redaction must too. The code is whatever follows, up to the next slash: `…/tickets.ics`,
// `.data` (Remix's data requests) and percent-encoded forms included.
const ORDER_CODE = /\/orders(\/|%2f)[^/?#]+/gi

/** The path of a request URL as it may be logged: no query, no fragment, no order code. */
export function loggablePath(url: string): string {
  const path = url.split(/[?#]/, 1)[0]!
  return path.replace(ORDER_CODE, '/orders/:code')
}

