/** What happens to the database at start: migrations (in getDb) and, in demo mode, the demo seed once. */
import { eq } from 'drizzle-orm'
import type { Env } from '../app/env.server'
import type { Db } from './client.server'
import { appMeta } from './schema'
import { demoAccounts as existingDemoAccounts, seedDemo, type DemoAccount } from './seed'

export async function prepareDatabase(
  db: Db,
  env: Pick<Env, 'DEMO_MODE' | 'SEED_DEMO'>,
): Promise<{ seeded: boolean; demoAccounts?: DemoAccount[] }> {
  if (!env.DEMO_MODE || env.SEED_DEMO === 'false') return { seeded: false }
  const done = db.select().from(appMeta).where(eq(appMeta.key, 'demo_seeded_at')).get()
  if (done) return { seeded: false, demoAccounts: existingDemoAccounts(db) }
  const demoAccounts = await seedDemo(db)
  return { seeded: true, demoAccounts }
}
