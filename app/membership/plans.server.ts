/** The membership plans on offer, cheapest first. */
import { asc, eq } from 'drizzle-orm'
import type { DbOrTx } from '#db/client.server'
import { membershipPlans } from '#db/schema'

export function listActivePlans(db: DbOrTx) {
  return db
    .select({
      slug: membershipPlans.slug,
      nameEn: membershipPlans.nameEn,
      nameRu: membershipPlans.nameRu,
      descriptionEn: membershipPlans.descriptionEn,
      descriptionRu: membershipPlans.descriptionRu,
      pricePence: membershipPlans.pricePence,
      currency: membershipPlans.currency,
      interval: membershipPlans.interval,
    })
    .from(membershipPlans)
    .where(eq(membershipPlans.active, true))
    .orderBy(asc(membershipPlans.pricePence))
    .all()
}
