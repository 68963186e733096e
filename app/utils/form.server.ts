/**
 * Reading a request body never turns into a 500: a truncated multipart body, a wrong content type
 * or garbage bytes become a 400 with a message, and a body over its address's limit a 413.
 *
 * The limit is the server's (app/http/body-limit.server.ts, which refuses larger bodies before
 * Remix); it is checked again here, counting the bytes as they are read, so that a route reached
 * some other way (the dev server, a future adapter) is no weaker.
 *
 * Every text value is cleaned of control and bidi-override characters (app/utils/text.ts) before
 * any schema sees it; passwords are left exactly as typed.
 */
import { data } from '@remix-run/node'
import { bodyLimitFor } from '~/http/body-limit.server'
import { badRequest } from './http.server'
import { cleanMultiline } from './text'

/** 413: the body is larger than this address accepts; nothing was read past the limit. */
export function payloadTooLarge(limit: number) {
  return data({ limit }, { status: 413 })
}

export class TooLarge {}

/** The body's bytes, read only up to `limit`: past it, TooLarge (by Content-Length, before reading). */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > limit) throw new TooLarge()
  if (!request.body) return new Uint8Array()
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      throw new TooLarge()
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let at = 0
  for (const chunk of chunks) {
    body.set(chunk, at)
    at += chunk.byteLength
  }
  return body
}

export async function readFormData(request: Request): Promise<FormData> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) {
    throw badRequest('Expected a form submission.')
  }
  const limit = bodyLimitFor(new URL(request.url).pathname)
  let body: Uint8Array<ArrayBuffer>
  try {
    body = await readLimited(request, limit)
  } catch (error) {
    if (error instanceof TooLarge) throw payloadTooLarge(limit)
    throw badRequest('The form could not be read. Please try again.')
  }
  let form: FormData
  try {
    form = await new Response(body, { headers: { 'content-type': type } }).formData()
  } catch {
    throw badRequest('The form could not be read. Please try again.')
  }
  const clean = new FormData()
  for (const [name, value] of form.entries()) {
    clean.append(name, typeof value === 'string' && !/password/i.test(name) ? cleanMultiline(value) : value)
  }
  return clean
}
