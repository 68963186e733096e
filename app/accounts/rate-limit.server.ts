/**
 * Rate limits on sign-in, registration, reset, sign-in links and code entry: per client address and
 * per account (email), so neither one busy address nor a spread-out attack on one account gets far.
 *
 * Password sign-in is limited so that nobody can lock an owner out from elsewhere:
 *  - `signInAddress`: one client across every account (50 in 15 minutes), against spraying.
 *  - `signInPair`: one account from one client (8 in 15 minutes). This is the tight limit, and it
 *    only ever blocks the client that guessed wrong.
 *  - `signInAccount15m/1h/1d`: one account from everywhere, loose ceilings whose waits grow from
 *    minutes to a day. Only an attack spread over many addresses reaches them; the owner can still
 *    sign in with an emailed link (separate limits), and the page says so.
 * A point is taken from every limit BEFORE the password is checked (`reserve`), so concurrent
 * guesses cannot all slip through between a check and a count; a right password gives it back.
 *
 * In-memory (RateLimiterMemory): right for this app, which runs as ONE Node process beside its SQLite
 * file. Its counters change synchronously inside `consume`, so two requests never read the same
 * count. Running several processes would need a shared store (e.g. RateLimiterSQLite / Redis).
 * Counters start again at a restart, which is acceptable for these limits.
 */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

type Limit = { points: number; duration: number }

/** points = attempts allowed in `duration` seconds. Per-address limits are generous (shared networks, NAT). */
export const LIMITS = {
  signInAddress: { points: 50, duration: 15 * 60 },
  signInPair: { points: 8, duration: 15 * 60 },
  signInAccount15m: { points: 20, duration: 15 * 60 },
  signInAccount1h: { points: 40, duration: 60 * 60 },
  signInAccount1d: { points: 100, duration: 24 * 60 * 60 },
  /** Re-entering one's own password on the settings page (already signed in). */
  signInAccount: { points: 8, duration: 15 * 60 },
  registerAddress: { points: 30, duration: 60 * 60 },
  registerAccount: { points: 4, duration: 60 * 60 },
  mailAddress: { points: 30, duration: 60 * 60 },
  mailAccount: { points: 4, duration: 60 * 60 },
  codeAddress: { points: 30, duration: 15 * 60 },
  codeAccount: { points: 10, duration: 15 * 60 },
} as const satisfies Record<string, Limit>

export type LimitName = keyof typeof LIMITS
export type Check = [LimitName, string]

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
export async function blockedFor(checks: Check[]): Promise<number> {
  let wait = 0
  for (const [name, key] of checks) {
    const res = await limiter(name).get(key)
    if (res && res.consumedPoints >= LIMITS[name].points) wait = Math.max(wait, res.msBeforeNext)
  }
  return wait
}

/** Counts one attempt against each key. */
export async function count(checks: Check[]): Promise<void> {
  for (const [name, key] of checks) {
    await limiter(name)
      .consume(key)
      .catch((e: unknown) => {
        if (!(e instanceof RateLimiterRes)) throw e
      })
  }
}

export type Refusal = { wait: number; limit: LimitName }

/**
 * Takes one point from each limit, in order, before the work it guards. If one is spent, the points
 * this call took are given back (a refused attempt costs the other limits nothing, so an attacker
 * hammering a closed pair cannot use up the account's ceiling) and the refusal says which and how long.
 */
export async function reserve(checks: Check[]): Promise<Refusal | null> {
  const taken: Check[] = []
  for (const check of checks) {
    const [name, key] = check
    try {
      await limiter(name).consume(key)
      taken.push(check)
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e
      await giveBack([...taken, check])
      return { wait: Math.max(1, e.msBeforeNext), limit: name }
    }
  }
  return null
}

/** Returns one point to each limit (an attempt that turned out to be the owner's). */
export async function giveBack(checks: Check[]): Promise<void> {
  for (const [name, key] of checks) await limiter(name).reward(key)
}

/** Checks and counts in one go (for requests that count whether they succeed or not). Returns the wait in ms. */
export async function take(checks: Check[]): Promise<number> {
  return (await reserve(checks))?.wait ?? 0
}

export async function forgive(checks: Check[]): Promise<void> {
  for (const [name, key] of checks) await limiter(name).delete(key)
}

/**
 * The limits one password sign-in passes. `client` is the address, `email` normalised. The address
 * comes first: a client that is already refused creates no per-pair counter, so a flood of made-up
 * addresses from one client cannot fill memory with them.
 */
export function signInChecks(client: string, email: string): Check[] {
  return [
    ['signInAddress', client],
    ['signInPair', `${email}\n${client}`],
    ['signInAccount15m', email],
    ['signInAccount1h', email],
    ['signInAccount1d', email],
  ]
}

/** A right password: the pair starts afresh, the wider limits get their point back. */
export async function signedIn(checks: Check[]): Promise<void> {
  await forgive(checks.filter(([name]) => name === 'signInPair'))
  await giveBack(checks.filter(([name]) => name !== 'signInPair'))
}

/** The account-wide ceilings: their message suggests a sign-in link instead. */
export function isAccountWide(limit: LimitName) {
  return limit === 'signInAccount15m' || limit === 'signInAccount1h' || limit === 'signInAccount1d'
}
