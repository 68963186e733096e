// The device's own judgement, against codes signed by the server's real signer: the browser's
// reading of a code must agree with the server's, with either Ed25519 implementation.
import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { codeHash as serverHash, doorPublicKey, randomSerial, signCode } from '../signed-codes.server'
import { codeHash, readCode, verifySignature } from './codes'
import { judgeOffline, judgeTicketOffline, searchOffline, searchOfflineByOrder } from './judge'
import type { Snapshot } from './types'

const EVENT = 42
const STARTS = Date.parse('2026-11-10T19:00:00Z')

function snapshotWith(codes: Record<string, string>, orderCode = 'ORD-abc123'): Snapshot {
  const o = serverHash(orderCode)
  return {
    eventId: EVENT,
    title: 'Opening night',
    startsAt: STARTS,
    endsAt: STARTS + 3 * 3600_000,
    wipeAfter: STARTS + 15 * 3600_000,
    publicKey: doorPublicKey(),
    generatedAt: STARTS - 3600_000,
    types: [
      { id: 1, name: 'Standard' },
      { id: 2, name: 'Member' },
    ],
    tickets: [
      { id: 1, h: serverHash(codes.valid!), o, name: 'Анна Иванова', type: 1, member: false, status: 'valid', checkedInAt: null },
      { id: 2, h: serverHash(codes.used!), o, name: 'Boris Pasternak', type: 2, member: true, status: 'valid', checkedInAt: STARTS + 60_000 },
      { id: 3, h: serverHash(codes.unpaid!), o: 'x', name: 'Unpaid Person', type: 1, member: false, status: 'unpaid', checkedInAt: null },
      { id: 4, h: serverHash(codes.void!), o: 'y', name: 'Refunded Person', type: 1, member: false, status: 'void', checkedInAt: null },
    ],
    revoked: [serverHash(codes.revoked!)],
  }
}

const ticket = (e = EVENT) => signCode({ k: 't', e, s: randomSerial() })

describe('judging a scan on the device', () => {
  const codes = { valid: ticket(), used: ticket(), unpaid: ticket(), void: ticket(), revoked: ticket(), later: ticket() }
  const snapshot = snapshotWith(codes)

  test('hashes and signatures agree with the server, with WebCrypto and with @noble/ed25519', async () => {
    expect(await codeHash(codes.valid)).toBe(serverHash(codes.valid))
    const read = readCode(codes.valid)
    if (read.kind !== 'ticket') throw new Error('not read as a ticket')
    expect(read.eventId).toBe(EVENT)
    expect(await verifySignature(doorPublicKey(), read.body, read.signature)).toBe(true)
    expect(await verifySignature(doorPublicKey(), read.body, read.signature, { forceNoble: true })).toBe(true)
    const flipped = new Uint8Array(read.signature)
    flipped[5] = flipped[5]! ^ 1
    expect(await verifySignature(doorPublicKey(), read.body, flipped)).toBe(false)
    expect(await verifySignature(doorPublicKey(), read.body, flipped, { forceNoble: true })).toBe(false)
  })

  test('each verdict: admit, already in, unpaid, void, revoked, sold later, other event, forged, garbage', async () => {
    const v = async (code: string) => (await judgeOffline(snapshot, code, STARTS)).verdict
    expect(await v(codes.valid)).toMatchObject({ status: 'admitted', offline: true, ticket: { holder: 'Анна Иванова', type: 'Standard' } })
    expect(await v(codes.used)).toMatchObject({ status: 'refused', reason: 'already_checked_in', checkedInAt: STARTS + 60_000 })
    expect(await v(codes.unpaid)).toMatchObject({ status: 'refused', reason: 'unpaid' })
    expect(await v(codes.void)).toMatchObject({ status: 'refused', reason: 'void' })
    expect(await v(codes.revoked)).toMatchObject({ status: 'refused', reason: 'void' })
    expect(await v(codes.later)).toMatchObject({ status: 'admitted', notOnList: true })
    expect(await v(ticket(EVENT + 1))).toMatchObject({ status: 'refused', reason: 'other_event' })
    // Somebody else's key, and our payload with a changed event: both forged.
    const { privateKey } = crypto.generateKeyPairSync('ed25519')
    const [body, sig] = codes.valid.split('.') as [string, string]
    expect(await v(`${body}.${crypto.sign(null, Buffer.from(body, 'base64url'), privateKey).toString('base64url')}`)).toMatchObject({ reason: 'forged' })
    const other = Buffer.from(Buffer.from(body, 'base64url').toString().replace(`"e":${EVENT}`, `"e":${EVENT + 1}`)).toString('base64url')
    expect(await v(`${other}.${sig}`)).toMatchObject({ reason: 'forged' })
    for (const junk of ['', 'hello', 'x'.repeat(5000), `${body}.`, `${body}.${'A'.repeat(86)}x`]) expect(await v(junk)).toMatchObject({ status: 'refused', reason: 'unknown' })
  })

  test('a member card is valid until its last day (London date), not after', async () => {
    const card = (u: string) => signCode({ k: 'm', c: randomSerial(), u })
    expect((await judgeOffline(snapshot, card('2026-11-10'), STARTS)).verdict).toMatchObject({ status: 'member_card', card: { valid: true } })
    expect((await judgeOffline(snapshot, card('2026-11-09'), STARTS)).verdict).toMatchObject({ status: 'member_card', card: { valid: false } })
  })

  test('by ticket id from a search result', () => {
    expect(judgeTicketOffline(snapshot, 1)).toMatchObject({ status: 'admitted' })
    expect(judgeTicketOffline(snapshot, 2)).toMatchObject({ status: 'refused', reason: 'already_checked_in' })
    expect(judgeTicketOffline(snapshot, 3)).toMatchObject({ reason: 'unpaid' })
    expect(judgeTicketOffline(snapshot, 99)).toMatchObject({ reason: 'unknown' })
  })

  test('names found in either script, case-folded; an order by its code; nothing for a short query', async () => {
    expect(searchOffline(snapshot, 'ivanova').map((r) => r.ticketId)).toEqual([1])
    expect(searchOffline(snapshot, 'ИВАНОВА').map((r) => r.ticketId)).toEqual([1])
    expect(searchOffline(snapshot, 'Пастернак').map((r) => r.ticketId)).toEqual([2])
    expect(searchOffline(snapshot, 'a')).toEqual([])
    expect((await searchOfflineByOrder(snapshot, 'ORD-abc123')).map((r) => r.ticketId)).toEqual([1, 2])
    expect(await searchOfflineByOrder(snapshot, 'ORD-nope00')).toEqual([])
  })
})
