/**
 * Demo accounts (demo mode only: prepareDatabase never seeds a real deployment, whose first admin is
 * made with `npm run admin:create`). Their passwords are public on purpose: the console and the
 * sign-in page show them so anyone trying the demo can walk each role.
 */
import { inArray } from 'drizzle-orm'
import { hashPassword } from '../../app/accounts/passwords.server'
import type { DbOrTx } from '../client.server'
import { userRoles, users, type Role } from '../schema'

export const DEMO_ACCOUNTS = [
  { role: 'admin', email: 'admin@demo.openrussia.club', password: 'demo-admin-pass', name: 'Anna Admin' },
  { role: 'staff', email: 'staff@demo.openrussia.club', password: 'demo-staff-pass', name: 'Sofia Staff' },
  { role: 'door', email: 'door@demo.openrussia.club', password: 'demo-door-pass', name: 'Dmitri Door' },
  { role: 'member', email: 'member@demo.openrussia.club', password: 'demo-member-pass', name: 'Maria Member' },
] as const satisfies readonly { role: Role; email: string; password: string; name: string }[]

/** Hashing is slow and async, so it happens before the seed's (synchronous) transaction. */
export async function demoAccountHashes(): Promise<string[]> {
  return Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)))
}

export function seedAccounts(tx: DbOrTx, hashes: string[], now: number) {
  DEMO_ACCOUNTS.forEach((a, i) => {
    const user = tx
      .insert(users)
      .values({
        email: a.email,
        name: a.name,
        passwordHash: hashes[i]!,
        locale: 'en',
        emailVerifiedAt: now,
        privacyAcceptedAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: users.id })
      .get()
    if (!user) return
    tx.insert(userRoles).values({ userId: user.id, role: 'member', grantedAt: now }).run()
    if (a.role !== 'member') tx.insert(userRoles).values({ userId: user.id, role: a.role, grantedAt: now }).run()
  })
}

/** The demo accounts that still exist (a visitor may have deleted the demo member). */
export function existingDemoAccounts(db: DbOrTx) {
  const emails: string[] = DEMO_ACCOUNTS.map((a) => a.email)
  const present = new Set(
    db
      .select({ email: users.email })
      .from(users)
      .where(inArray(users.email, emails))
      .all()
      .map((u) => u.email),
  )
  return DEMO_ACCOUNTS.filter((a) => present.has(a.email)).map(({ role, email, password }) => ({ role, email, password }))
}
