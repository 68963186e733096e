/**
 * Speaker photos. The upload is read with a hard size limit, checked to be a real image by decoding
 * it, then resized and re-encoded by sharp: what we store and serve is our own WebP, with no EXIF
 * (no GPS position, no camera serial) and no payload smuggled in the original file.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import sharp from 'sharp'
import { getEnv } from '~/env.server'
import { badRequest } from '~/utils/http.server'

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024
/** The whole form: a photo at its limit plus the text fields. Anything larger is refused unread. */
export const MAX_FORM_BYTES = MAX_PHOTO_BYTES + 1024 * 1024
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'avif', 'tiff'])
export const PHOTO_SIZE = 600

export const TOO_LARGE = '__too_large__'

/**
 * Reads a multipart form; a file part larger than the limit becomes the string TOO_LARGE (the rest
 * of the form is still read, so the page can keep what was typed). Broken bodies are a 400.
 */
export async function readMultipartForm(request: Request): Promise<FormData> {
  const type = request.headers.get('content-type') ?? ''
  if (!type.startsWith('multipart/form-data') && !type.startsWith('application/x-www-form-urlencoded')) throw badRequest('Expected a form submission.')
  const length = Number(request.headers.get('content-length') ?? '0')
  if (length > MAX_FORM_BYTES * 2) throw badRequest('The upload is too large.')
  if (type.startsWith('application/x-www-form-urlencoded')) {
    try {
      return await request.formData()
    } catch {
      throw badRequest('The form could not be read. Please try again.')
    }
  }
  let textBytes = 0
  const handler: UploadHandler = async ({ data, filename, contentType }) => {
    const chunks: Uint8Array[] = []
    let size = 0
    let tooLarge = false
    for await (const chunk of data) {
      size += chunk.byteLength
      if (filename === undefined) {
        textBytes += chunk.byteLength
        if (textBytes > 1024 * 1024) throw new Error('form fields too large')
      }
      if (size > MAX_PHOTO_BYTES) tooLarge = true
      if (!tooLarge) chunks.push(chunk)
    }
    if (filename === undefined) return new TextDecoder().decode(Buffer.concat(chunks))
    if (!filename && size === 0) return undefined
    if (tooLarge) return TOO_LARGE
    return new File([Buffer.concat(chunks)], filename || 'upload', { type: contentType })
  }
  try {
    return await unstable_parseMultipartFormData(request, handler)
  } catch {
    throw badRequest('The form could not be read. Please try again.')
  }
}

export type PhotoCheck = { ok: true; buffer: Buffer } | { ok: false; error: 'tooLarge' | 'notImage' } | { ok: true; buffer: null }

/** What the form's file field holds: nothing, a refusal, or the bytes. */
export async function photoFromForm(form: FormData, field = 'photo'): Promise<PhotoCheck> {
  const value = form.get(field)
  if (value === null || value === '') return { ok: true, buffer: null }
  if (value === TOO_LARGE) return { ok: false, error: 'tooLarge' }
  if (typeof value === 'string') return { ok: false, error: 'notImage' }
  if (value.size === 0) return { ok: true, buffer: null }
  if (value.size > MAX_PHOTO_BYTES) return { ok: false, error: 'tooLarge' }
  return { ok: true, buffer: Buffer.from(await value.arrayBuffer()) }
}

/** Decodes, checks, resizes and re-encodes; null when the bytes are not an image we accept. */
export async function processPhoto(input: Buffer): Promise<Buffer | null> {
  try {
    const image = sharp(input, { limitInputPixels: 40_000_000, failOn: 'error', animated: false })
    const meta = await image.metadata()
    if (!meta.format || !ACCEPTED_FORMATS.has(meta.format) || !meta.width || !meta.height) return null
    return await image
      .rotate() // honour the camera's orientation before the EXIF goes
      .resize(PHOTO_SIZE, PHOTO_SIZE, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer()
  } catch {
    return null
  }
}

function uploadsDir() {
  return path.join(getEnv().DATA_DIR, 'uploads')
}

/** Stores a processed photo under uploads/speakers/ and returns its path relative to uploads. */
export function storeSpeakerPhoto(processed: Buffer, slug: string): string {
  const dir = path.join(uploadsDir(), 'speakers')
  fs.mkdirSync(dir, { recursive: true })
  const name = `${slug.slice(0, 60)}-${crypto.randomBytes(6).toString('hex')}.webp`
  fs.writeFileSync(path.join(dir, name), processed)
  return `speakers/${name}`
}

export function deleteUpload(relative: string | null | undefined) {
  if (!relative || relative.includes('..')) return
  try {
    fs.unlinkSync(path.join(uploadsDir(), relative))
  } catch {
    // already gone
  }
}
