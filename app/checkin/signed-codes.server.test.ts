import crypto from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { codeHash, doorPublicKey, randomSerial, signCode, verifyCode } from './signed-codes.server'

describe('signed codes', () => {
  test('a ticket code and a card code verify and give back their payload', () => {
    const ticket = signCode({ k: 't', e: 7, s: randomSerial() })
    const v = verifyCode(ticket)
    expect(v.ok && v.payload.k === 't' && v.payload.e).toBe(7)
    const card = signCode({ k: 'm', c: randomSerial(), u: '2027-01-31' })
    const w = verifyCode(card)
    expect(w.ok && w.payload.k === 'm' && w.payload.u).toBe('2027-01-31')
    expect(ticket.length).toBeLessThan(200)
  })

  test('a changed payload or signature is forged; garbage is malformed; nothing throws', () => {
    const code = signCode({ k: 't', e: 7, s: randomSerial() })
    const [body, sig] = code.split('.') as [string, string]
    const otherEvent = Buffer.from(Buffer.from(body, 'base64url').toString().replace('"e":7', '"e":8')).toString('base64url')
    expect(verifyCode(`${otherEvent}.${sig}`)).toEqual({ ok: false, reason: 'forged' })
    const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11)
    expect(verifyCode(`${body}.${flipped}`)).toEqual({ ok: false, reason: 'forged' })
    // Signed by somebody else's key.
    const { privateKey } = crypto.generateKeyPairSync('ed25519')
    const bodyBytes = Buffer.from(body, 'base64url')
    expect(verifyCode(`${body}.${crypto.sign(null, bodyBytes, privateKey).toString('base64url')}`).ok).toBe(false)
    for (const junk of ['', 'abc', 'x'.repeat(5000), `${body}.`, '.'.repeat(90), 'OLD-unsigned-code_123', `${Buffer.from('{"k":"t"}').toString('base64url')}.${sig}`]) {
      expect(verifyCode(junk)).toEqual({ ok: false, reason: 'malformed' })
    }
  })

  test('the public key verifies a code outside our module (as a door device would)', () => {
    const code = signCode({ k: 't', e: 3, s: randomSerial() })
    const [body, sig] = code.split('.') as [string, string]
    const key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: doorPublicKey() }, format: 'jwk' })
    expect(crypto.verify(null, Buffer.from(body, 'base64url'), key, Buffer.from(sig, 'base64url'))).toBe(true)
    expect(codeHash(code)).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(codeHash(` ${code} `)).toBe(codeHash(code))
  })
})
