/**
 * The club's three membership plans (as announced), each with a concession price for students,
 * refugees and pensioners except the patron's, which exists to pay for the others.
 */
import type { DbOrTx } from '../client.server'
import { membershipPlans } from '../schema'

export const DEMO_PLANS = [
  {
    slug: 'friend',
    nameEn: 'Friend of the club',
    nameRu: 'Друг клуба',
    descriptionEn: 'For everyone who comes to our evenings and wants the club to go on.',
    descriptionRu: 'Для всех, кто приходит на наши вечера и хочет, чтобы клуб жил дальше.',
    benefitsEn: '',
    benefitsRu: '',
    monthlyPricePence: 800,
    yearlyPricePence: 8000,
    concessionMonthlyPricePence: 400,
    concessionYearlyPricePence: 4000,
    memberDiscountPercent: 10,
    presaleLeadHours: 48,
    admitsMembersOnly: true,
    pricePence: 800,
    interval: 'month' as const,
    position: 1,
  },
  {
    slug: 'supporter',
    nameEn: 'Supporter',
    nameRu: 'Сторонник',
    descriptionEn: 'Everything a friend has, and a larger share of the rent.',
    descriptionRu: 'Всё, что есть у друга клуба, и бóльшая доля в аренде зала.',
    benefitsEn: 'A guest at one members’ evening a season',
    benefitsRu: 'Гость на одном вечере для своих за сезон',
    monthlyPricePence: 1500,
    yearlyPricePence: 15000,
    concessionMonthlyPricePence: 800,
    concessionYearlyPricePence: 8000,
    memberDiscountPercent: 20,
    presaleLeadHours: 72,
    admitsMembersOnly: true,
    pricePence: 1500,
    interval: 'month' as const,
    position: 2,
  },
  {
    slug: 'patron',
    nameEn: 'Patron',
    nameRu: 'Меценат',
    descriptionEn: 'Everything a supporter has, and you keep the lights on for everyone else.',
    descriptionRu: 'Всё, что есть у сторонника, — и вы помогаете клубу жить.',
    benefitsEn: 'Thanked by name, if you wish',
    benefitsRu: 'Благодарность по имени, если хотите',
    monthlyPricePence: null,
    yearlyPricePence: 30000,
    concessionMonthlyPricePence: null,
    concessionYearlyPricePence: null,
    memberDiscountPercent: 20,
    presaleLeadHours: 168,
    admitsMembersOnly: true,
    pricePence: 30000,
    interval: 'year' as const,
    position: 3,
  },
]

export function seedMembership(tx: DbOrTx) {
  tx.insert(membershipPlans).values(DEMO_PLANS).onConflictDoNothing().run()
}
