import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { EnvError, parseEnv } from './env.server'

const DOOR_KEY = crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')

function tmpDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'orc-env-'))
}

describe('environment', () => {
  test('with no secrets the app runs in demo mode with generated secrets kept in the data folder', () => {
    const dir = tmpDir()
    const env = parseEnv({ DATABASE_PATH: path.join(dir, 'club.db') })
    expect(env.DEMO_MODE).toBe(true)
    expect(env.PORT).toBe(3000)
    expect(env.PUBLIC_URL).toBe('http://localhost:3000')
    expect(env.SESSION_SECRET.length).toBeGreaterThanOrEqual(32)
    expect(env.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/)
    const file = path.join(dir, 'demo-secrets.json')
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600')
    // A restart keeps the same secrets, so sessions and webhooks survive it.
    const again = parseEnv({ DATABASE_PATH: path.join(dir, 'club.db') })
    expect(again.SESSION_SECRET).toBe(env.SESSION_SECRET)
    expect(again.STRIPE_WEBHOOK_SECRET).toBe(env.STRIPE_WEBHOOK_SECRET)
    expect(again.DOOR_SIGNING_KEY).toBe(env.DOOR_SIGNING_KEY)
  })

  test('a demo data folder from before signed codes keeps its secrets and gains a door key', () => {
    const dir = tmpDir()
    const file = path.join(dir, 'demo-secrets.json')
    fs.writeFileSync(file, JSON.stringify({ sessionSecret: 'k'.repeat(43), webhookSecret: 'whsec_old' }))
    const env = parseEnv({ DATA_DIR: dir })
    expect(env.SESSION_SECRET).toBe('k'.repeat(43))
    expect(env.STRIPE_WEBHOOK_SECRET).toBe('whsec_old')
    expect(env.DOOR_SIGNING_KEY.length).toBeGreaterThan(40)
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).doorSigningKey).toBe(env.DOOR_SIGNING_KEY)
  })

  test('a deployment that names a public URL but lacks its secrets refuses to start and names them', () => {
    const run = () => parseEnv({ PUBLIC_URL: 'https://club.example.org', SESSION_SECRET: 'x'.repeat(40), DATA_DIR: tmpDir() })
    expect(run).toThrow(EnvError)
    expect(run).toThrow(/STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, SMTP_URL, DOOR_SIGNING_KEY/)
    expect(run).not.toThrow(/SESSION_SECRET,/)
  })

  test('a deployment with every secret is not in demo mode', () => {
    const env = parseEnv({
      PUBLIC_URL: 'https://club.example.org/',
      SESSION_SECRET: 's'.repeat(40),
      STRIPE_SECRET_KEY: 'sk_live_abc',
      STRIPE_WEBHOOK_SECRET: 'whsec_real',
      SMTP_URL: 'smtp://mail.example.org:587',
      DOOR_SIGNING_KEY: DOOR_KEY,
      DATA_DIR: tmpDir(),
    })
    expect(env.DEMO_MODE).toBe(false)
    expect(env.DOOR_SIGNING_KEY).toBe(DOOR_KEY)
    expect(env.PUBLIC_URL).toBe('https://club.example.org')
    expect(env.STRIPE_WEBHOOK_SECRET).toBe('whsec_real')
  })

  test('bad values are named', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATA_DIR: tmpDir() })).toThrow(/PORT/)
    expect(() => parseEnv({ SESSION_SECRET: 'short', DATA_DIR: tmpDir() })).toThrow(/SESSION_SECRET: must be at least 32/)
    expect(() =>
      parseEnv({
        PUBLIC_URL: 'https://club.example.org',
        SESSION_SECRET: 's'.repeat(40),
        STRIPE_SECRET_KEY: 'pk_live_publishable',
        STRIPE_WEBHOOK_SECRET: 'whsec_x',
        SMTP_URL: 'smtp://m.example.org',
        DOOR_SIGNING_KEY: DOOR_KEY,
        DATA_DIR: tmpDir(),
      }),
    ).toThrow(/does not look like a Stripe secret key/)
  })
})
