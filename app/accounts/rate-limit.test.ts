import { describe, expect, test } from 'vitest'
import { LIMITS, reserve, signedIn, signInChecks } from './rate-limit.server'

describe('sign-in limits, taken before the work', () => {
  test('40 reservations at once for one account from one client: exactly the pair limit get through', async () => {
    const checks = signInChecks('203.0.113.1', 'burst@example.org')
    const results = await Promise.all(Array.from({ length: 40 }, () => reserve(checks)))
    expect(results.filter((r) => r === null)).toHaveLength(LIMITS.signInPair.points)
    expect(new Set(results.filter((r) => r !== null).map((r) => r!.limit))).toEqual(new Set(['signInPair']))
  })

  test('refused attempts cost the account-wide ceiling nothing, so one client cannot lock the owner out', async () => {
    const email = 'target@example.org'
    // One attacker hammers far past the pair limit...
    for (let i = 0; i < 200; i++) await reserve(signInChecks('198.51.100.1', email))
    // ...and the account-wide ceiling has seen only the 8 that were checked: the owner gets in.
    expect(await reserve(signInChecks('192.0.2.1', email))).toBeNull()
  })

  test('a client past its ceiling across accounts is refused there first, before any per-pair counter', async () => {
    const client = '203.0.113.9'
    for (let i = 0; i < LIMITS.signInAddress.points; i++) expect(await reserve(signInChecks(client, `spray-${i}@example.org`))).toBeNull()
    const refused = await reserve(signInChecks(client, 'one-more@example.org'))
    expect(refused?.limit).toBe('signInAddress')
  })

  test('the right password gives the pair a fresh start and the ceilings their point back', async () => {
    const checks = signInChecks('192.0.2.50', 'owner@example.org')
    for (let i = 0; i < LIMITS.signInPair.points - 1; i++) expect(await reserve(checks)).toBeNull()
    expect(await reserve(checks)).toBeNull()
    await signedIn(checks)
    for (let i = 0; i < LIMITS.signInPair.points; i++) expect(await reserve(checks)).toBeNull()
    expect((await reserve(checks))?.limit).toBe('signInPair')
  })
})
