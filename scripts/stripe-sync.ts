/**
 * Makes Stripe's products and prices match the club's membership plans (app/payments/billing.server.ts
 * `syncPlanPrices`): one product per plan, one price per plan and variant under a lookup key.
 * Idempotent: a second run changes nothing; a new amount makes a new price that takes the lookup key
 * over, and the old price is archived (existing members keep it until they switch).
 *
 *   npm run stripe:sync -- --plans plans.json          prints what it did, then each plan's price ids
 *   npm run stripe:sync -- --plans plans.json --json   the same as JSON, for a script to store the ids
 *
 * plans.json: [{ "slug": "friend", "nameEn": "Friend", "monthlyPence": 1000, "yearlyPence": 10000,
 *   "concessionMonthlyPence": 500, "currency": "GBP", "stripeProductId": null }, …]
 *
 * With STRIPE_SECRET_KEY it talks to Stripe (test or live, as the key says). Without it (demo mode)
 * it runs against the built-in sandbox's data in DATA_DIR, the same the demo server uses, and says so.
 */
import fs from 'node:fs'
import { z } from 'zod'
import { initEnv } from '../app/env.server'
import { startScriptSandbox } from './script-sandbox'
import { syncPlanPrices } from '../app/payments/billing.server'

const pence = z.number().int().min(0).max(99_999_999)
const Plans = z
  .array(
    z.object({
      slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,40}$/),
      nameEn: z.string().min(1).max(200),
      monthlyPence: pence.nullable(),
      yearlyPence: pence.nullable(),
      concessionMonthlyPence: pence.nullable().optional(),
      concessionYearlyPence: pence.nullable().optional(),
      currency: z.string().regex(/^[A-Za-z]{3}$/),
      stripeProductId: z.string().min(1).max(100).nullable().default(null),
    }),
  )
  .min(1)
  .max(50)

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  if (i >= 0) return process.argv[i + 1]
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}

async function main() {
  const env = initEnv()
  const file = flag('plans')
  if (!file) {
    console.error('Usage: npm run stripe:sync -- --plans plans.json [--json]')
    process.exit(2)
  }
  const parsed = Plans.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')))
  if (!parsed.success) {
    console.error(`${file}: not a list of plans:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`)
    process.exit(2)
  }
  let close = async () => {}
  if (!env.STRIPE_SECRET_KEY) {
    close = await startScriptSandbox(env)
    if (!process.argv.includes('--json')) console.log(`Demo mode (no STRIPE_SECRET_KEY): syncing the built-in Stripe sandbox in ${env.DATA_DIR}, not Stripe.`)
  } else if (!process.argv.includes('--json')) {
    console.log(`Syncing Stripe (${env.STRIPE_SECRET_KEY.startsWith('sk_live_') ? 'LIVE mode' : 'test mode'}).`)
  }
  try {
    const result = await syncPlanPrices(parsed.data)
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(result, null, 2))
      return
    }
    for (const a of result.actions) {
      console.log(a.kind === 'product' ? `product ${a.productId}: ${a.action}` : `  price ${a.lookupKey}: ${a.action} (${a.priceId})`)
    }
    const changed = result.actions.filter((a) => a.action !== 'unchanged').length
    console.log(changed ? `${changed} change(s) made.` : 'Nothing to change: Stripe already matches the plans.')
  } finally {
    await close()
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
