declare module '@remix-run/node' {
  interface AppLoadContext {
    /** This request's Content-Security-Policy nonce, set by server.ts. */
    cspNonce?: string
    /** The client's IP address (Express `req.ip`), for rate limits only; never stored. */
    clientIp?: string
  }
}
export {}
