declare module '@remix-run/node' {
  interface AppLoadContext {
    /** This request's Content-Security-Policy nonce, set by server.ts. */
    cspNonce?: string
  }
}
export {}
