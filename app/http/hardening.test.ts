/** Issue #9's pure parts: the body-limit table, what the log may say, text cleaning, the demo's listening address. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { MAX_FORM_BYTES } from '~/calendar/photo.server'
import { parseEnv } from '~/env.server'
import { cleanLine, cleanMultiline, lineText } from '~/utils/text'
import { bodyLimitFor, FORM_BYTES, PHOTO_FORM_BYTES, STAFF_FORM_BYTES, WEBHOOK_BYTES } from './body-limit.server'
import { formatBytes } from './bytes'
import { loggablePath } from './request-log.server'

describe('body limits', () => {
  test('each address has the limit of its largest legitimate form, whatever the case of the path', () => {
    expect(bodyLimitFor('/register')).toBe(FORM_BYTES)
    expect(bodyLimitFor('/ru/events/x/book')).toBe(FORM_BYTES)
    expect(bodyLimitFor('/webhooks/stripe')).toBe(WEBHOOK_BYTES)
    expect(bodyLimitFor('/staff/events/12')).toBe(STAFF_FORM_BYTES)
    expect(bodyLimitFor('/ru/STAFF/events/12.data')).toBe(STAFF_FORM_BYTES)
    expect(bodyLimitFor('/staff/speakers/3')).toBe(PHOTO_FORM_BYTES)
    expect(bodyLimitFor('/ru/staff/speakers/new')).toBe(PHOTO_FORM_BYTES)
    expect(bodyLimitFor('/staffroom')).toBe(FORM_BYTES)
    // The speaker editor takes a photo at the photo module's own limit.
    expect(PHOTO_FORM_BYTES).toBe(2 * MAX_FORM_BYTES)
  })

  test('an event edited at its longest (both descriptions, 20,000 Cyrillic characters each, urlencoded) fits the staff limit', () => {
    const ru = 'ж'.repeat(20_000)
    const body = new URLSearchParams({ titleEn: 'x'.repeat(200), titleRu: 'ж'.repeat(200), summaryEn: 'ж'.repeat(400), summaryRu: 'ж'.repeat(400), descriptionEn: ru, descriptionRu: ru }).toString()
    expect(Buffer.byteLength(body)).toBeLessThan(STAFF_FORM_BYTES)
  })

  test('limits are said in the reader’s language', () => {
    expect(formatBytes(16 * 1024, 'en')).toBe('16 KB')
    expect(formatBytes(16 * 1024, 'ru')).toBe('16 КБ')
    expect(formatBytes(6 * 1024 * 1024, 'ru')).toBe('6 МБ')
  })
})

describe('the request log', () => {
  test('drops query strings and order codes, whatever their case', () => {
    expect(loggablePath('/orders/AbC123')).toBe('/orders/:code')
    expect(loggablePath('/ORDERS/AbC123')).toBe('/orders/:code')
    expect(loggablePath('/ru/Orders/AbC123/tickets.ics')).toBe('/ru/orders/:code/tickets.ics')
    expect(loggablePath('/orders/AbC123.data?x=1')).toBe('/orders/:code')
    expect(loggablePath('/orders%2FAbC123')).toBe('/orders/:code')
    expect(loggablePath('/login?redirectTo=%2Forders%2FAbC123')).toBe('/login')
    expect(loggablePath('/events/x#orders/AbC123')).toBe('/events/x')
    expect(loggablePath('/staff/events/x/orders')).toBe('/staff/events/x/orders')
  })
})

describe('text as typed', () => {
  test('control and bidi-override characters go; letters of every script and the direction marks stay', () => {
    expect(cleanLine('A\u0000n\u0007n\u001Fa\u007F\u0085')).toBe('Anna')
    expect(cleanLine('\u202Egpj.exe\u202C \u202A\u202B\u202D\u2066\u2067\u2068\u2069x')).toBe('gpj.exe x')
    expect(cleanLine('שלום עולם\u200F مرحبا\u061C Привет\u200E')).toBe('שלום עולם\u200F مرحبا\u061C Привет\u200E')
    expect(cleanLine('Anna\r\n\tIvanova\u2028x')).toBe('Anna Ivanova x')
    expect(cleanMultiline('one\r\ntwo\rthree\n\tfour\u0000\u202E')).toBe('one\ntwo\nthree\n\tfour')
  })

  test('the zod helper cleans before the length and emptiness checks', () => {
    const name = lineText().trim().min(1).max(5)
    expect(name.safeParse(' \u202EAnna\u202C ').data).toBe('Anna')
    expect(name.safeParse('\u0000\u202E').success).toBe(false)
  })
})

describe('the listening address', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'orc-host-'))
  test('demo mode listens on this machine only unless HOST is set; a deployment on every interface', () => {
    expect(parseEnv({ DATA_DIR: dir() }).HOST).toBe('127.0.0.1')
    expect(parseEnv({ DATA_DIR: dir(), HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0')
    const deployment = parseEnv({
      PUBLIC_URL: 'https://club.example.org',
      SESSION_SECRET: 's'.repeat(40),
      STRIPE_SECRET_KEY: 'sk_live_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_real',
      SMTP_URL: 'smtp://mail.example.org:587',
      DOOR_SIGNING_KEY: 'A'.repeat(64),
      DATA_DIR: dir(),
    })
    expect(deployment.DEMO_MODE).toBe(false)
    expect(deployment.HOST).toBe('0.0.0.0')
  })
})
