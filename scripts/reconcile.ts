/**
 * Compares every local membership with Stripe's subscriptions and repairs drift (missed webhooks),
 * printing what it changed. Run it nightly, e.g. from cron: `15 3 * * * cd /srv/club && npm run reconcile`.
 * Without STRIPE_SECRET_KEY (demo mode) it reads the built-in sandbox's data in DATA_DIR.
 */
import { initEnv } from '../app/env.server'
import { startScriptSandbox } from './script-sandbox'

async function main() {
  const env = initEnv()
  let close = async () => {}
  if (!env.STRIPE_SECRET_KEY) {
    close = await startScriptSandbox(env)
    console.log(`Demo mode (no STRIPE_SECRET_KEY): reconciling with the built-in Stripe sandbox in ${env.DATA_DIR}.`)
  }
  try {
    const { getDb } = await import('../db/client.server')
    const { reconcileMemberships } = await import('../app/membership/reconcile.server')
    const r = await reconcileMemberships(getDb(), env.PUBLIC_URL)
    console.log(`Checked ${r.checked} subscription(s) at Stripe.`)
    for (const c of r.changed) console.log(`  ${c.subscriptionId}: ${c.before ?? 'missing here'} → ${c.after}${c.changes.length ? ` (${c.changes.join(', ')})` : ''}`)
    for (const id of r.unknown) console.log(`  ${id}: customer or price unknown here (recorded, left alone)`)
    for (const id of r.secondCancelled) console.log(`  ${id}: a second subscription for one person: cancelled at Stripe`)
    for (const id of r.missingAtStripe) console.log(`  membership ${id}: its subscription is not at Stripe (left for staff to look at)`)
    if (r.lapsed.length) console.log(`  lapsed after the grace period: ${r.lapsed.length}`)
    if (r.ended.length) console.log(`  honorary memberships ended: ${r.ended.length}`)
    console.log(r.changed.length + r.secondCancelled.length + r.lapsed.length + r.ended.length ? 'Repaired.' : 'Nothing to repair.')
  } finally {
    await close()
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
