/**
 * Demo content, seeded once into an empty database in demo mode. Places, dates and themes come
 * from the club's own announcement (../shared/club-newsletter.txt); the speakers are fictional.
 * Each capability seeds its own part (db/seed/*.ts); this file only runs them in order, in one
 * transaction per part, and records that the seed ran.
 */
import type { Db } from './client.server'
import { appMeta, type Role } from './schema'
import { demoAccountHashes, existingDemoAccounts, seedAccounts } from './seed/accounts'
import { seedCalendar } from './seed/calendar'
import { seedMembership } from './seed/membership'
import { seedTicketing } from './seed/ticketing'

export type DemoAccount = { role: Role; email: string; password: string }

/** The demo accounts that exist in this database, to show on the console and the sign-in page. */
export function demoAccounts(db: Db): DemoAccount[] {
  return existingDemoAccounts(db)
}

export async function seedDemo(db: Db, now = Date.now()): Promise<DemoAccount[]> {
  db.transaction((tx) => seedCalendar(tx, now), { behavior: 'immediate' })
  const hashes = await demoAccountHashes()
  db.transaction((tx) => seedAccounts(tx, hashes, now), { behavior: 'immediate' })
  db.transaction((tx) => seedTicketing(tx, now), { behavior: 'immediate' })
  db.transaction((tx) => seedMembership(tx), { behavior: 'immediate' })
  db.insert(appMeta)
    .values({ key: 'demo_seeded_at', value: new Date(now).toISOString() })
    .onConflictDoNothing()
    .run()
  return demoAccounts(db)
}
