/**
 * Signed codes: what a ticket QR and a membership-card QR carry. Signed with Ed25519 by the
 * server (pretix's idea), so a door device holding only the public key tells a real code from a
 * forged one with no network, including tickets sold after it took its list.
 *
 * A code is `<base64url(payload JSON)>.<base64url(signature)>`. The payload carries no personal
 * data: a ticket names its event and a random serial; a card names a random card id and the last
 * day it is valid. Which person a serial or card belongs to, and whether it has been voided, only
 * the server (and tonight's door list) knows.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { getEnv } from '~/env.server'

const ticketPayload = z.object({ k: z.literal('t'), e: z.number().int().positive(), s: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/) }).strict()
const cardPayload = z
  .object({ k: z.literal('m'), c: z.string().regex(/^[A-Za-z0-9_-]{16,32}$/), u: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) })
  .strict()
const payloadSchema = z.discriminatedUnion('k', [ticketPayload, cardPayload])

/** A ticket: its event and a random serial. A card: a random card id and its last valid day (Europe/London, ISO date). */
export type SignedPayload = z.infer<typeof payloadSchema>
export type TicketPayload = z.infer<typeof ticketPayload>
export type CardPayload = z.infer<typeof cardPayload>

/** Longest code we ever read: anything longer is refused before any parsing or crypto. */
export const MAX_CODE_LENGTH = 400

let keys: { privateKey: crypto.KeyObject; publicKey: crypto.KeyObject; secret: string } | undefined
function signingKeys() {
  const secret = getEnv().DOOR_SIGNING_KEY
  if (!keys || keys.secret !== secret) {
    const privateKey = crypto.createPrivateKey({ key: Buffer.from(secret, 'base64'), format: 'der', type: 'pkcs8' })
    keys = { privateKey, publicKey: crypto.createPublicKey(privateKey), secret }
  }
  return keys
}

/** A new random serial or card id: 128 bits. */
export function randomSerial(): string {
  return crypto.randomBytes(16).toString('base64url')
}

export function signCode(payload: SignedPayload): string {
  const body = Buffer.from(JSON.stringify(payloadSchema.parse(payload)), 'utf8')
  const signature = crypto.sign(null, body, signingKeys().privateKey)
  return `${body.toString('base64url')}.${signature.toString('base64url')}`
}

export type VerifiedCode = { ok: true; payload: SignedPayload } | { ok: false; reason: 'malformed' | 'forged' }

/**
 * Reads a scanned code. `malformed`: not one of our codes at all (scanner garbage, an old unsigned
 * ticket code: ask the server). `forged`: shaped like ours, but the signature does not match.
 */
export function verifyCode(code: string): VerifiedCode {
  if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH) return { ok: false, reason: 'malformed' }
  const m = /^([A-Za-z0-9_-]{8,300})\.([A-Za-z0-9_-]{86})$/.exec(code.trim())
  if (!m) return { ok: false, reason: 'malformed' }
  const body = Buffer.from(m[1]!, 'base64url')
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  const parsed = payloadSchema.safeParse(json)
  if (!parsed.success) return { ok: false, reason: 'malformed' }
  const valid = crypto.verify(null, body, signingKeys().publicKey, Buffer.from(m[2]!, 'base64url'))
  return valid ? { ok: true, payload: parsed.data } : { ok: false, reason: 'forged' }
}

/** The public key door devices verify with: raw 32 bytes, base64url (what WebCrypto and noble take). */
export function doorPublicKey(): string {
  const jwk = signingKeys().publicKey.export({ format: 'jwk' })
  return jwk.x!
}

/** SHA-256 of a code, base64url: what the offline door list holds instead of the codes themselves. */
export function codeHash(code: string): string {
  return crypto.createHash('sha256').update(code.trim(), 'utf8').digest('base64url')
}
