/**
 * The Stripe client. This folder is the only code that imports `stripe`.
 *
 * With STRIPE_SECRET_KEY it talks to Stripe. Without (demo, development, tests) the same SDK talks
 * HTTP to the built-in sandbox mounted on this very server (app/payments/sandbox), which answers the
 * endpoints we use with Stripe's shapes. Nothing else in the code knows the difference.
 */
import Stripe from 'stripe'
import { getEnv } from '~/env.server'

export type { Stripe }

const KEY = Symbol.for('open-russia-club.stripe')
const PORT_KEY = Symbol.for('open-russia-club.listen-port')
const g = globalThis as unknown as { [KEY]?: { port: number; client: Stripe }; [PORT_KEY]?: number }

/** server.ts side (the sandbox's middleware) records the port this process listens on. */
export function recordListenPort(port: number | undefined) {
  if (port && !g[PORT_KEY]) g[PORT_KEY] = port
}

export function listenPort(): number | undefined {
  return g[PORT_KEY]
}

/** Where this server can be reached by itself and by the buyer's browser in demo mode. */
export function ownBaseUrl(): string {
  const env = getEnv()
  const port = listenPort()
  if (env.DEMO_MODE && port && /:0$/.test(env.PUBLIC_URL)) return env.PUBLIC_URL.replace(/:0$/, `:${port}`)
  return env.PUBLIC_URL
}

export function getStripe(): Stripe {
  const env = getEnv()
  if (env.STRIPE_SECRET_KEY) {
    if (!g[KEY]) g[KEY] = { port: 0, client: new Stripe(env.STRIPE_SECRET_KEY, { maxNetworkRetries: 2, timeout: 20_000 }) }
    return g[KEY].client
  }
  const port = listenPort() ?? env.PORT
  if (!g[KEY] || g[KEY].port !== port) {
    g[KEY] = {
      port,
      client: new Stripe('sk_test_sandbox', {
        host: '127.0.0.1',
        port,
        protocol: 'http',
        maxNetworkRetries: 2,
        timeout: 10_000,
      }),
    }
  }
  return g[KEY].client
}

/** How far a webhook's signed timestamp may be from our clock, either way (Stripe's own default). */
export const WEBHOOK_TOLERANCE_SECONDS = 300

/**
 * Verifies a webhook's signature on its raw body; throws on a forged, altered, stale or future-dated
 * one. Stripe's constructEvent refuses timestamps older than the tolerance but accepts any in the
 * future, so a signature captured ahead of time (a leaked secret's forgery dated tomorrow, say) would
 * stay valid until then: the future is checked here.
 */
export function constructWebhookEvent(rawBody: string, signature: string | null, now = Date.now()): Stripe.Event {
  if (!signature) throw new Error('missing Stripe-Signature')
  const timestamp = Number(/(?:^|,)\s*t=(\d{1,12})\s*(?:,|$)/.exec(signature)?.[1])
  if (!Number.isSafeInteger(timestamp)) throw new Error('Stripe-Signature has no timestamp')
  if (timestamp > Math.floor(now / 1000) + WEBHOOK_TOLERANCE_SECONDS) throw new Error('Stripe-Signature timestamp is in the future')
  const env = getEnv()
  return Stripe.webhooks.constructEvent(rawBody, signature, env.STRIPE_WEBHOOK_SECRET, WEBHOOK_TOLERANCE_SECONDS)
}

export function isStripeError(error: unknown): error is Stripe.errors.StripeError {
  return error instanceof Stripe.errors.StripeError
}
