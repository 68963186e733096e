/**
 * Rate limits on sign-in, registration, reset, sign-in links and code entry: per client address and
 * per account (email), so neither one busy address nor a spread-out attack on one account gets far.
 *
 * In-memory (RateLimiterMemory): right for this app, which runs as ONE Node process beside its SQLite
 * file. Running several processes would need a shared store (e.g. RateLimiterSQLite / Redis).
 * Counters start again at a restart, which is acceptable for these limits.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

type Limit = { points: number; duration: number }

/** points = attempts allowed in `duration` seconds. Per-address limits are generous (shared networks, NAT). */
export const LIMITS = {
  signInAddress: { points: 50, duration: 15 * 60 },
  signInAccount: { points: 8, duration: 15 * 60 },
  registerAddress: { points: 30, duration: 60 * 60 },
  registerAccount: { points: 4, duration: 60 * 60 },
  mailAddress: { points: 30, duration: 60 * 60 },
  mailAccount: { points: 4, duration: 60 * 60 },
  codeAddress: { points: 30, duration: 15 * 60 },
  codeAccount: { points: 10, duration: 15 * 60 },
} as const satisfies Record<string, Limit>

export type LimitName = keyof typeof LIMITS

const limiters = new Map<LimitName, RateLimiterMemory>()
function limiter(name: LimitName) {
  let l = limiters.get(name)
  if (!l) {
    l = new RateLimiterMemory({ keyPrefix: name, ...LIMITS[name] })
    limiters.set(name, l)
  }
  return l
}

/** Milliseconds until another attempt is allowed, or 0 if one is allowed now. Counts nothing. */
export async function blockedFor(checks: [LimitName, string][]): Promise<number> {
  let wait = 0
  for (const [name, key] of checks) {
    const res = await limiter(name).get(key)
    if (res && res.consumedPoints >= LIMITS[name].points) wait = Math.max(wait, res.msBeforeNext)
  }
  return wait
}

/** Counts one attempt against each key. */
export async function count(checks: [LimitName, string][]): Promise<void> {
  for (const [name, key] of checks) {
    await limiter(name)
      .consume(key)
      .catch((e: unknown) => {
        if (!(e instanceof RateLimiterRes)) throw e
      })
  }
}

/** Checks and counts in one go (for requests that count whether they succeed or not). Returns the wait in ms. */
export async function take(checks: [LimitName, string][]): Promise<number> {
  const wait = await blockedFor(checks)
  if (wait > 0) return wait
  await count(checks)
  return 0
}

export async function forgive(checks: [LimitName, string][]): Promise<void> {
  for (const [name, key] of checks) await limiter(name).delete(key)
}
