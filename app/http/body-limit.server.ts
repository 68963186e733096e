/**
 * How many bytes a request body may have, by address, and the Express middleware that refuses
 * more with a 413 before the body is read.
 *
 * A body is refused by its Content-Length before one byte of it is read; a body sent without a
 * length (chunked) is counted as it arrives and refused as soon as it passes the limit, so the
 * server never holds more than the limit of it. Without this one anonymous POST of 256 MB took the
 * server from 198 MB to 3 GB.
 *
 * The limits are the largest legitimate form of each kind, with room to spare:
 * - the event editor (both languages' descriptions, 20,000 characters each, sent urlencoded: up to
 *   6 bytes a character for Cyrillic or emoji, ≈ 250 KB): 512 KB for everything under /staff;
 * - a speaker's photo (app/calendar/photo.server.ts MAX_FORM_BYTES: the photo's 5 MB and 1 MB of
 *   fields): only the speaker editor;
 * - Stripe's webhooks: 512 KB (Stripe's events are well under 100 KB);
 * - the built-in sandbox (demo mode): 128 KB; its own body parsers are stricter still;
 * - every other form (sign-in, registration, booking, account): 16 KB, a hundred times the
 *   largest of them.
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express'
import { refuse } from './refusals.server'

const KB = 1024
export const FORM_BYTES = 16 * KB
export const STAFF_FORM_BYTES = 512 * KB
export const WEBHOOK_BYTES = 512 * KB
export const SANDBOX_BYTES = 128 * KB
/**
 * Twice MAX_FORM_BYTES of app/calendar/photo.server.ts (a test checks; not imported: it loads sharp):
 * the speaker form itself reads up to that much, so a photo a little over its 5 MB gets the form's
 * own message beside the field, and only a far larger body is refused here with 413.
 */
export const PHOTO_FORM_BYTES = 12 * KB * KB

// Routing ignores case (/STAFF/… is /staff/…), so the limits do too.
const RULES: [RegExp, number][] = [
  [/^\/webhooks\/stripe(?:\/|$)/i, WEBHOOK_BYTES],
  [/^(?:\/ru)?\/staff\/speakers\/[^/]+\/?$/i, PHOTO_FORM_BYTES],
  [/^(?:\/ru)?\/staff(?:[/.]|$)/i, STAFF_FORM_BYTES],
  [/^\/(?:v1|sandbox)(?:\/|$)/i, SANDBOX_BYTES],
]

/** The largest body accepted at this path (a URL path, no query). */
export function bodyLimitFor(pathname: string): number {
  for (const [re, bytes] of RULES) if (re.test(pathname)) return bytes
  return FORM_BYTES
}

/** Paths whose bodies Express middleware reads itself (the sandbox's body parsers, with their own limits). */
const READ_DOWNSTREAM = /^\/(?:v1|sandbox)(?:\/|$)/i

/** Where a body read here (a chunked one) is kept for the Remix handler; see server.ts. */
export const BUFFERED_BODY = 'bufferedBody'

/** How long what a refused client is still sending is read and dropped before its connection is closed. */
const LINGER_MS = 2000
/**
 * A refused body up to this size is read to its end (and dropped, never kept) before the answer, so
 * the connection stays usable and every client reads the 413; past it, the answer comes at once and
 * the connection closes.
 */
const DRAIN_BYTES = 8 * 1024 * 1024

/** Answers 413 once `received` bytes were read (0 when refused by its length); the body is never kept. */
function tooLarge(req: ExpressRequest, res: ExpressResponse, limit: number, received: number) {
  const answer = () => refuse(req, res, 'tooLarge', { limit })
  const declared = Number(req.headers['content-length'] ?? Number.NaN)
  if (declared <= DRAIN_BYTES || (Number.isNaN(declared) && received <= DRAIN_BYTES)) {
    let dropped = received
    const onData = (chunk: Buffer) => {
      dropped += chunk.length
      if (dropped <= DRAIN_BYTES) return
      req.off('data', onData)
      req.off('end', onEnd)
      closeWith(req, res, answer)
    }
    const onEnd = () => {
      req.off('data', onData)
      answer()
    }
    req.on('data', onData)
    req.once('end', onEnd)
    return
  }
  closeWith(req, res, answer)
}

/**
 * Answers now and ends the connection. Node closes such a connection as soon as the answer is
 * written; with the client still sending, that close is a reset, which can destroy the answer before
 * the client reads it (it sees EPIPE, not our 413). So: stop writing, drop whatever still arrives for
 * a moment (read and discarded, never kept), then close.
 */
function closeWith(req: ExpressRequest, res: ExpressResponse, answer: () => void) {
  res.set('Connection', 'close')
  const socket = req.socket
  socket.destroySoon = () => {
    socket.end()
    setTimeout(() => socket.destroy(), LINGER_MS).unref()
  }
  // Flowing with no listener: the rest is read and dropped.
  req.resume()
  answer()
}

export function bodyLimit() {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const declared = req.headers['content-length']
    const chunked = req.headers['transfer-encoding'] !== undefined
    if (declared === undefined && !chunked) return next()
    const limit = bodyLimitFor(req.path)
    if (declared !== undefined && Number(declared) > limit) return tooLarge(req, res, limit, 0)
    // With a length, Node's parser delivers no more than it: nothing to count.
    if (!chunked) return next()
    // GET and HEAD bodies are never read (Node discards them); the sandbox's parsers count their own.
    if (req.method === 'GET' || req.method === 'HEAD' || READ_DOWNSTREAM.test(req.path)) return next()

    const chunks: Buffer[] = []
    let size = 0
    const cleanup = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      cleanup()
      chunks.length = 0
      tooLarge(req, res, limit, size)
    }
    const onEnd = () => {
      cleanup()
      res.locals[BUFFERED_BODY] = Buffer.concat(chunks)
      next()
    }
    const onError = () => {
      cleanup()
      refuse(req, res, 'badRequest')
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  }
}
