/**
 * Creates the first admin of a real deployment (or makes an existing account admin):
 *
 *   npm run admin:create                                  (asks for email and name)
 *   npm run admin:create -- --email a@b.org --name "Anna"   (prints a one-time sign-in link, valid 1 hour)
 *   printf '%s' "$PASSWORD" | npm run admin:create -- --email a@b.org --name "Anna" --password-stdin
 *
 * Uses the same environment as the server (DATABASE_PATH, PUBLIC_URL, SESSION_SECRET). The grant is
 * written to the audit log. A real deployment has no demo accounts: this is how its admins begin.
 */
import readline from 'node:readline/promises'
import { eq } from 'drizzle-orm'
import { z } from 'zod'
import { initEnv } from '../app/env.server'
import { closeDb, getDb } from '../db/client.server'
import { userRoles, users } from '../db/schema'
import { hashPassword } from '../app/accounts/passwords.server'
import { grantRole } from '../app/accounts/roles.server'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../app/accounts/schemas'
import { issueVerification } from '../app/accounts/tokens.server'

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  if (i >= 0) return process.argv[i + 1]
  const inline = process.argv.find((a) => a.startsWith(`--${name}=`))
  return inline?.slice(name.length + 3)
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

async function main() {
  const env = initEnv()
  const passwordFromStdin = process.argv.includes('--password-stdin')
  let email = flag('email')
  let name = flag('name')
  if (!email || !name) {
    if (!process.stdin.isTTY) throw new Error('Give --email and --name (no terminal to ask on).')
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout })
    email ||= await rl.question('Email of the new admin: ')
    name ||= await rl.question('Their name: ')
    rl.close()
  }
  const address = z.email().safeParse(email.trim().toLowerCase())
  if (!address.success) throw new Error(`"${email}" is not an email address.`)
  if (!name.trim() || name.length > 120) throw new Error('A name of 1 to 120 characters is needed.')

  let passwordHash: string | null = null
  if (passwordFromStdin) {
    const password = await readStdin()
    if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
      throw new Error(`The password needs ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`)
    }
    passwordHash = await hashPassword(password)
  }

  const db = getDb()
  const now = Date.now()
  const userId = db.transaction(
    (tx) => {
      const existing = tx.select().from(users).where(eq(users.email, address.data)).get()
      let id: number
      if (existing && !existing.deletedAt) {
        id = existing.id
        if (passwordHash) tx.update(users).set({ passwordHash, emailVerifiedAt: existing.emailVerifiedAt ?? now, updatedAt: now }).where(eq(users.id, id)).run()
      } else {
        id = tx
          .insert(users)
          .values({ email: address.data, name: name.trim(), passwordHash,
            // The operator vouches for the address: nobody can register over it while the link waits.
            emailVerifiedAt: now,
            privacyAcceptedAt: null,
            createdAt: now, updatedAt: now })
          .returning({ id: users.id })
          .get().id
        tx.insert(userRoles).values({ userId: id, role: 'member', grantedAt: now }).onConflictDoNothing().run()
      }
      return id
    },
    { behavior: 'immediate' },
  )
  grantRole(null, userId, 'admin', now)

  console.log(`${address.data} is an admin of the club.`)
  if (passwordHash) {
    console.log(`They sign in at ${env.PUBLIC_URL}/login with the password given.`)
  } else {
    const { token } = db.transaction(
      (tx) => issueVerification(tx, { purpose: 'sign_in_link', userId, email: address.data, ttlMs: 3600 * 1000 }, now),
      { behavior: 'immediate' },
    )
    console.log('One-time sign-in link (valid for 1 hour, works once; then set a password under Account → Settings):')
    console.log(`  ${env.PUBLIC_URL}/verify?token=${token}`)
  }
  closeDb()
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
