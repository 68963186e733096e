/**
 * Reading a scanned code in the browser, with no network: the same format as
 * ~/checkin/signed-codes.server (`<base64url(payload JSON)>.<base64url(Ed25519 signature)>`),
 * checked against the event's public key. WebCrypto's Ed25519 where the browser has it (Chrome 137+,
 * Safari 17+, Firefox 129+), else @noble/ed25519 (audited, pure JS) on WebCrypto's SHA-512.
 */
import { verifyAsync } from '@noble/ed25519'

export type ReadCode =
  | { kind: 'ticket'; eventId: number; serial: string; body: Uint8Array; signature: Uint8Array }
  | { kind: 'card'; cardId: string; until: string; body: Uint8Array; signature: Uint8Array }
  | { kind: 'malformed' }

/** Longest code we ever read (as the server): anything longer is refused before parsing or crypto. */
export const MAX_CODE_LENGTH = 400

export function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)
  const raw = atob(b64)
  const out = new Uint8Array(raw.length)
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i)
  return out
}

export function toBase64url(bytes: Uint8Array): string {
  let raw = ''
  for (const b of bytes) raw += String.fromCharCode(b)
  return btoa(raw).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const SERIAL = /^[A-Za-z0-9_-]{16,32}$/

/** The shape of a code, before any crypto: which kind, which event or card. */
export function readCode(code: string): ReadCode {
  if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH) return { kind: 'malformed' }
  const m = /^([A-Za-z0-9_-]{8,300})\.([A-Za-z0-9_-]{86})$/.exec(code.trim())
  if (!m) return { kind: 'malformed' }
  let body: Uint8Array
  let json: unknown
  try {
    body = fromBase64url(m[1]!)
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))
  } catch {
    return { kind: 'malformed' }
  }
  const signature = fromBase64url(m[2]!)
  if (!json || typeof json !== 'object') return { kind: 'malformed' }
  const p = json as Record<string, unknown>
  const keys = Object.keys(p).sort().join(',')
  if (p.k === 't' && keys === 'e,k,s' && Number.isSafeInteger(p.e) && (p.e as number) > 0 && typeof p.s === 'string' && SERIAL.test(p.s))
    return { kind: 'ticket', eventId: p.e as number, serial: p.s, body, signature }
  if (p.k === 'm' && keys === 'c,k,u' && typeof p.c === 'string' && SERIAL.test(p.c) && typeof p.u === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.u))
    return { kind: 'card', cardId: p.c, until: p.u, body, signature }
  return { kind: 'malformed' }
}

let webCryptoEd25519: boolean | undefined
const importedKeys = new Map<string, CryptoKey>()

/** Which implementation verified last: shown nowhere, but the browser test asserts both work. */
export function ed25519Engine(): 'webcrypto' | 'noble' | 'unknown' {
  return webCryptoEd25519 === undefined ? 'unknown' : webCryptoEd25519 ? 'webcrypto' : 'noble'
}

/** Does the signature match the club's public key (raw 32 bytes, base64url)? */
export async function verifySignature(publicKey: string, body: Uint8Array, signature: Uint8Array, options: { forceNoble?: boolean } = {}): Promise<boolean> {
  const raw = fromBase64url(publicKey)
  if (raw.length !== 32 || signature.length !== 64) return false
  if (!options.forceNoble && webCryptoEd25519 !== false) {
    try {
      let key = importedKeys.get(publicKey)
      if (!key) {
        key = await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'Ed25519' }, false, ['verify'])
        importedKeys.set(publicKey, key)
      }
      const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, body as BufferSource)
      webCryptoEd25519 = true
      return ok
    } catch {
      // NotSupportedError: this browser's WebCrypto has no Ed25519; use the library from now on.
      webCryptoEd25519 = false
    }
  }
  try {
    return await verifyAsync(signature, body, raw, { zip215: false })
  } catch {
    return false
  }
}

/** SHA-256 of a code, base64url: how the offline list names tickets (as the server's codeHash). */
export async function codeHash(code: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code.trim()))
  return toBase64url(new Uint8Array(digest))
}
