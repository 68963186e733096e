/**
 * The environment, checked once at start.
 *
 * With no secrets set the app runs in demo mode: secrets are generated and kept in the data folder,
 * payments go through the built-in Stripe sandbox and mail to the local outbox. A deployment that
 * names a public URL must bring its real secrets, or it refuses to start and says which are missing.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'

const optional = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined))

const schema = z.object({
  NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * The address to listen on. Demo mode has a public outbox (reset links, codes), fixed demo
   * passwords and the sandbox's test controls, so it listens on this machine only unless HOST is
   * set; a deployment listens on every interface.
   */
  HOST: optional,
  DATABASE_PATH: z.string().default('./data/club.db'),
  /** Uploads, demo secrets and the sandbox's state live here. Defaults to the database's folder. */
  DATA_DIR: optional,
  /** The address people reach the site at. Naming one means "this is a real deployment". */
  PUBLIC_URL: optional.pipe(z.string().url().optional()),
  SESSION_SECRET: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
  /** Ed25519 private key (base64 PKCS8 DER) that signs ticket and membership-card codes (app/checkin/signed-codes.server.ts). */
  DOOR_SIGNING_KEY: optional.pipe(z.string().regex(/^[A-Za-z0-9+/=]{40,200}$/, 'must be a base64 Ed25519 PKCS8 key (npm run keys:door prints one)').optional()),
  SMTP_URL: optional.pipe(z.string().url().optional()),
  MAIL_FROM: z.string().default('Open Russia Club <club@openrussia.club.invalid>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * How long an anonymous visitor's view of a public calendar page may be reused for the next
   * anonymous visitor (app/http/page-cache.server.ts); 0 renders every request.
   */
  PUBLIC_PAGE_CACHE_SECONDS: z.coerce.number().min(0).max(60).default(2),
  /** Demo content is seeded into an empty database in demo mode unless this is "false". */
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
})

export type Env = z.infer<typeof schema> & {
  HOST: string
  DATA_DIR: string
  PUBLIC_URL: string
  SESSION_SECRET: string
  STRIPE_WEBHOOK_SECRET: string
  DOOR_SIGNING_KEY: string
  /** No real secrets: sandbox payments, local outbox, generated secrets, demo accounts. */
  DEMO_MODE: boolean
}

const REQUIRED_IN_DEPLOYMENT = [
  'SESSION_SECRET',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'SMTP_URL',
  'DOOR_SIGNING_KEY',
] as const

export class EnvError extends Error {}

function isLocal(url: string) {
  const host = new URL(url).hostname
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]'
}

type DemoSecrets = { sessionSecret: string; webhookSecret: string; doorSigningKey?: string }

function newDoorKey(): string {
  return crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')
}

function writeDemoSecrets(file: string, secrets: Required<DemoSecrets>): Required<DemoSecrets> {
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  return secrets
}

/** Generated once per data folder, so sessions survive a restart of the demo. */
function demoSecrets(dataDir: string): Required<DemoSecrets> {
  const file = path.join(dataDir, 'demo-secrets.json')
  fs.mkdirSync(dataDir, { recursive: true })
  try {
    const kept = JSON.parse(fs.readFileSync(file, 'utf8')) as DemoSecrets
    if (kept.doorSigningKey) return kept as Required<DemoSecrets>
    // A data folder from before signed codes: keep its secrets, add the door's key.
    return writeDemoSecrets(file, { ...kept, doorSigningKey: newDoorKey() })
  } catch {
    return writeDemoSecrets(file, {
      sessionSecret: crypto.randomBytes(32).toString('base64url'),
      webhookSecret: `whsec_${crypto.randomBytes(24).toString('base64url')}`,
      doorSigningKey: newDoorKey(),
    })
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  const dataDir = path.resolve(env.DATA_DIR ?? path.dirname(path.resolve(env.DATABASE_PATH)))
  const deployment = env.PUBLIC_URL !== undefined && !isLocal(env.PUBLIC_URL)

  if (deployment) {
    const missing = REQUIRED_IN_DEPLOYMENT.filter((k) => !env[k])
    if (missing.length > 0) {
      throw new EnvError(
        `PUBLIC_URL is ${env.PUBLIC_URL}, so this is a real deployment, but these settings are missing: ${missing.join(', ')}. ` +
          'Set them, or unset PUBLIC_URL to run the demo.',
      )
    }
    if (env.STRIPE_SECRET_KEY && !/^(sk|rk)_(live|test)_/.test(env.STRIPE_SECRET_KEY)) {
      throw new EnvError('STRIPE_SECRET_KEY does not look like a Stripe secret key (sk_live_… or sk_test_…).')
    }
  }
  const demo = !env.STRIPE_SECRET_KEY
  const generated = demo || !env.SESSION_SECRET || !env.DOOR_SIGNING_KEY ? demoSecrets(dataDir) : undefined
  const port = env.PORT
  return {
    ...env,
    HOST: env.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0'),
    DATA_DIR: dataDir,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    SESSION_SECRET: env.SESSION_SECRET ?? generated!.sessionSecret,
    STRIPE_WEBHOOK_SECRET: demo ? generated!.webhookSecret : env.STRIPE_WEBHOOK_SECRET!,
    DOOR_SIGNING_KEY: env.DOOR_SIGNING_KEY ?? generated!.doorSigningKey,
    DEMO_MODE: demo,
  }
}

const KEY = Symbol.for('open-russia-club.env')
const g = globalThis as unknown as { [KEY]?: Env }

/** The checked environment. server.ts calls `initEnv()` first thing, so a bad setting stops the start. */
export function initEnv(source: Record<string, string | undefined> = process.env): Env {
  g[KEY] = parseEnv(source)
  return g[KEY]
}

export function getEnv(): Env {
  return g[KEY] ?? initEnv()
}
