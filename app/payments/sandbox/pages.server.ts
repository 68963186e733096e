/**
 * The sandbox's hosted pages, standing in for Stripe Checkout and the Customer Portal: plain HTML
 * forms with no script (they work under our CSP and without JavaScript), in English and Russian,
 * readable on a phone, with labels, landmarks and live regions for errors.
 */
import type Stripe from 'stripe'

export function esc(v: unknown) {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const WORDS = {
  en: {
    title: 'Checkout — Stripe sandbox',
    banner: 'Stripe sandbox: no real money moves. This page stands in for Stripe Checkout.',
    pay: 'Pay',
    email: 'Email',
    card: 'Card number',
    cardHint: 'Succeeds: 4242 4242 4242 4242 · Declined: 4000 0000 0000 0002',
    method: 'Payment method',
    methodCard: 'Card',
    methodBank: 'Bank transfer (settles later)',
    back: '← Back to the shop',
    backClub: '← Back to Open Russia Club',
    total: 'Total',
    expired: 'This checkout session has expired. Go back to the shop to start again.',
    complete: 'This checkout session is already paid.',
    expiresAt: 'This page expires at',
    subCardHint: 'Succeeds: 4242 4242 4242 4242 · Pays now, renewals fail: 4000 0000 0000 0341 · Declined: 4000 0000 0000 0002',
    perMonth: 'per month',
    perYear: 'per year',
    subscribe: 'Subscribe',
    thenEvery: (amount: string, per: string) => `Then ${amount} ${per}, until you cancel.`,
  },
  ru: {
    title: 'Оплата — песочница Stripe',
    banner: 'Песочница Stripe: настоящие деньги не списываются. Эта страница заменяет Stripe Checkout.',
    pay: 'Оплатить',
    email: 'Почта',
    card: 'Номер карты',
    cardHint: 'Успешно: 4242 4242 4242 4242 · Отказ: 4000 0000 0000 0002',
    method: 'Способ оплаты',
    methodCard: 'Карта',
    methodBank: 'Банковский перевод (пройдёт позже)',
    back: '← Вернуться в магазин',
    backClub: '← Вернуться в Open Russia Club',
    total: 'Итого',
    expired: 'Время этой сессии оплаты истекло. Вернитесь в магазин и начните заново.',
    complete: 'Эта сессия уже оплачена.',
    expiresAt: 'Страница действительна до',
    subCardHint: 'Успешно: 4242 4242 4242 4242 · Оплата сейчас, продления не пройдут: 4000 0000 0000 0341 · Отказ: 4000 0000 0000 0002',
    perMonth: 'в месяц',
    perYear: 'в год',
    subscribe: 'Оформить подписку',
    thenEvery: (amount: string, per: string) => `Далее ${amount} ${per}, пока вы не отмените подписку.`,
  },
}

export function page(locale: 'en' | 'ru', title: string, body: string) {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><link rel="stylesheet" href="/sandbox/sandbox.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head><body><main>${body}</main></body></html>`
}

export function checkoutPage(s: Stripe.Checkout.Session, error?: string) {
  const locale = s.locale === 'ru' ? 'ru' : 'en'
  const w = WORDS[locale]
  const lines = (s as unknown as { sandbox_lines?: { name: string; quantity: number; unit_amount: number }[] }).sandbox_lines ?? []
  const money = (n: number) => formatMoney(locale, n, s.currency ?? 'gbp')
  const interval = s.mode === 'subscription' ? (s as unknown as { sandbox_interval?: string }).sandbox_interval : undefined
  const per = interval === 'year' ? w.perYear : w.perMonth
  const rows = lines.map((l) => `<tr><td>${esc(l.name)} × ${l.quantity}</td><td class="num">${esc(money(l.unit_amount * l.quantity))}</td></tr>`).join('')
  const state =
    s.status === 'expired' ? `<p class="notice" role="alert">${esc(w.expired)}</p>` : s.status === 'complete' ? `<p class="notice" role="status">${esc(w.complete)}</p>` : ''
  const form =
    s.status !== 'open'
      ? ''
      : `<form method="post" action="/sandbox/checkout/${esc(s.id)}/pay">
  ${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
  <label for="email">${esc(w.email)}</label><input id="email" name="email" type="email" value="${esc(s.customer_email ?? s.customer_details?.email ?? '')}" autocomplete="email">
  <fieldset><legend>${esc(w.method)}</legend>
    <label class="inline"><input type="radio" name="method" value="card" checked> ${esc(w.methodCard)}</label>
    ${interval ? '' : `<label class="inline"><input type="radio" name="method" value="bank"> ${esc(w.methodBank)}</label>`}
  </fieldset>
  <label for="card">${esc(w.card)}</label><input id="card" name="card" inputmode="numeric" autocomplete="off" placeholder="4242 4242 4242 4242" aria-describedby="card-hint">
  <p class="hint" id="card-hint">${esc(interval ? w.subCardHint : w.cardHint)}</p>
  ${interval ? `<p>${esc(w.thenEvery(money(s.amount_total ?? 0), per))}</p>` : ''}
  <button type="submit">${esc(interval ? w.subscribe : w.pay)} ${esc(money(s.amount_total ?? 0))}${interval ? ` ${esc(per)}` : ''}</button>
</form>`
  return page(
    locale,
    w.title,
    `<p class="banner">${esc(w.banner)}</p>
<h1>Open Russia Club</h1>
<table><tbody>${rows}</tbody><tfoot><tr><th>${esc(w.total)}</th><th class="num">${esc(money(s.amount_total ?? 0))}</th></tr></tfoot></table>
${state}${form}
${s.status === 'open' ? `<p class="hint">${esc(w.expiresAt)} ${esc(new Date(s.expires_at * 1000).toISOString().slice(11, 16))} UTC</p>` : ''}
${s.cancel_url ? `<p><a href="${esc(s.cancel_url)}">${esc(interval ? w.backClub : w.back)}</a></p>` : ''}`,
  )
}

export const CSS = `
body{margin:0;background:#f6f9fc;color:#1a1f36;font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif}
main{max-width:440px;margin:0 auto;padding:24px 16px}
.banner{background:#fff4d6;border:1px solid #e8c15a;padding:8px 12px;border-radius:6px;font-size:14px}
h1{font-size:22px}
table{width:100%;border-collapse:collapse;margin:12px 0}td,th{padding:6px 0;text-align:left;border-bottom:1px solid #e3e8ee}.num{text-align:right}
label{display:block;font-weight:600;margin:12px 0 4px}label.inline{display:inline-block;font-weight:400;margin-right:12px}
input[type=email],input[inputmode]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #c1c9d2;border-radius:6px;font-size:16px}
fieldset{border:none;padding:0;margin:12px 0}legend{font-weight:600}
button{margin-top:16px;width:100%;min-height:44px;background:#635bff;color:#fff;border:none;border-radius:6px;font-size:16px;font-weight:600}
.hint{font-size:13px;color:#596171}.error{color:#b3093c;font-weight:600}.notice{font-weight:600}
a{color:#4b44d6}
h2{font-size:18px;margin-top:28px}h3{font-size:16px;margin:0 0 8px}
.card-box{background:#fff;border:1px solid #e3e8ee;border-radius:8px;padding:12px 14px;margin:12px 0}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0 0 8px}dt{color:#596171}dd{margin:0;font-weight:600}
label.option{display:flex;gap:8px;align-items:flex-start;font-weight:400;margin:8px 0;min-height:28px}
button.secondary{background:#fff;color:#b3093c;border:1px solid #b3093c}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #1a1f36;outline-offset:2px}
`

export function formatMoney(locale: 'en' | 'ru', pence: number, currency: string) {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { style: 'currency', currency: currency.toUpperCase() }).format(pence / 100)
}

function formatDate(locale: 'en' | 'ru', seconds: number) {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'long', timeZone: 'Europe/London' }).format(new Date(seconds * 1000))
}

const PORTAL_WORDS = {
  en: {
    title: 'Billing — Stripe sandbox',
    banner: 'Stripe sandbox: no real money moves. This page stands in for the Stripe Customer Portal.',
    heading: 'Membership billing',
    signedInAs: 'Billing for',
    subscriptions: 'Your membership',
    none: 'You have no membership subscription.',
    status: 'Status',
    price: 'Price',
    statuses: { active: 'Active', past_due: 'Payment failed', canceled: 'Ended', unpaid: 'Unpaid', incomplete: 'Incomplete', incomplete_expired: 'Expired', trialing: 'Trial', paused: 'Paused' } as Record<string, string>,
    renews: 'Renews on',
    ends: 'Ends on',
    ended: 'Ended on',
    retry: (date: string) => `Your last payment failed. We will try again on ${date}; update your card to pay now.`,
    noRetry: 'Your last payment failed. Update your card to pay now.',
    cancel: 'Cancel membership at the end of this period',
    resume: 'Keep my membership (resume renewal)',
    card: 'Payment method',
    cardOnFile: (brand: string, last4: string) => `${brand.toUpperCase()} ending in ${last4}`,
    noCard: 'No card on file.',
    newCard: 'New card number',
    cardHint: 'Succeeds: 4242 4242 4242 4242 · Renewals fail: 4000 0000 0000 0341 · Declined: 4000 0000 0000 0002',
    updateCard: 'Update card',
    plans: 'Change plan',
    current: 'current plan',
    choosePlan: 'Choose a plan',
    switchPlan: 'Switch plan',
    perMonth: 'per month',
    perYear: 'per year',
    back: '← Back to Open Russia Club',
    expired: 'This billing link has expired. Go back to the club’s site and open billing again.',
    done: { card: 'Your card has been updated.', plan: 'Your plan has been changed.', cancel: 'Your membership will end at the end of this period.', resume: 'Your membership will renew as before.' } as Record<string, string>,
  },
  ru: {
    title: 'Оплата — песочница Stripe',
    banner: 'Песочница Stripe: настоящие деньги не списываются. Эта страница заменяет портал клиента Stripe.',
    heading: 'Оплата членства',
    signedInAs: 'Оплата для',
    subscriptions: 'Ваше членство',
    none: 'У вас нет подписки на членство.',
    status: 'Статус',
    price: 'Цена',
    statuses: { active: 'Активна', past_due: 'Платёж не прошёл', canceled: 'Завершена', unpaid: 'Не оплачена', incomplete: 'Не оформлена', incomplete_expired: 'Истекла', trialing: 'Пробный период', paused: 'Приостановлена' } as Record<string, string>,
    renews: 'Продлится',
    ends: 'Закончится',
    ended: 'Закончилась',
    retry: (date: string) => `Последний платёж не прошёл. Мы попробуем снова ${date}; обновите карту, чтобы оплатить сейчас.`,
    noRetry: 'Последний платёж не прошёл. Обновите карту, чтобы оплатить сейчас.',
    cancel: 'Отменить членство в конце текущего периода',
    resume: 'Сохранить членство (возобновить продление)',
    card: 'Способ оплаты',
    cardOnFile: (brand: string, last4: string) => `${brand.toUpperCase()}, последние цифры ${last4}`,
    noCard: 'Карта не указана.',
    newCard: 'Номер новой карты',
    cardHint: 'Успешно: 4242 4242 4242 4242 · Продления не пройдут: 4000 0000 0000 0341 · Отказ: 4000 0000 0000 0002',
    updateCard: 'Обновить карту',
    plans: 'Сменить тариф',
    current: 'текущий тариф',
    choosePlan: 'Выберите тариф',
    switchPlan: 'Сменить тариф',
    perMonth: 'в месяц',
    perYear: 'в год',
    back: '← Вернуться в Open Russia Club',
    expired: 'Срок действия этой ссылки истёк. Вернитесь на сайт клуба и снова откройте раздел оплаты.',
    done: { card: 'Карта обновлена.', plan: 'Тариф изменён.', cancel: 'Членство закончится в конце текущего периода.', resume: 'Членство будет продлеваться, как прежде.' } as Record<string, string>,
  },
}

export type PortalView = {
  session: Stripe.BillingPortal.Session
  customer: Stripe.Customer
  card: { brand: string; last4: string } | null
  subscriptions: { s: Stripe.Subscription; invoice: Stripe.Invoice | null }[]
  plans: { price: Stripe.Price; productName: string }[]
}

export function portalLocale(session: { locale: string | null } | null): 'en' | 'ru' {
  return session?.locale === 'ru' ? 'ru' : 'en'
}

export function portalExpiredPage(locale: 'en' | 'ru') {
  const w = PORTAL_WORDS[locale]
  return page(locale, w.title, `<p class="banner">${esc(w.banner)}</p><h1>${esc(w.heading)}</h1><p class="notice" role="alert">${esc(w.expired)}</p>`)
}

export function portalPage(v: PortalView, note: { done?: string; error?: string } = {}) {
  const locale = portalLocale(v.session)
  const w = PORTAL_WORDS[locale]
  const flow = v.session.flow
  const flowSub = flow?.subscription_cancel?.subscription ?? flow?.subscription_update?.subscription ?? null
  const show = { subs: !flow || flow.type === 'subscription_cancel', card: !flow || flow.type === 'payment_method_update', plans: !flow || flow.type === 'subscription_update' }
  const action = (what: string) => `/sandbox/portal/${esc(v.session.id)}/${what}`
  const per = (p: Stripe.Price) => (p.recurring?.interval === 'year' ? w.perYear : w.perMonth)
  const subs = v.subscriptions.filter(({ s }) => (flowSub ? s.id === flowSub : true))
  const live = subs.filter(({ s }) => s.status !== 'canceled' && s.status !== 'incomplete_expired')
  const subsHtml = subs.length
    ? subs
        .map(({ s, invoice }) => {
          const item = s.items.data[0]!
          const name = v.plans.find((p) => p.price.id === item.price.id)?.productName ?? String(item.price.nickname ?? item.price.product)
          const ended = s.status === 'canceled' || s.status === 'incomplete_expired'
          const when = ended
            ? `${w.ended} ${formatDate(locale, s.ended_at ?? item.current_period_end)}`
            : `${s.cancel_at_period_end ? w.ends : w.renews} ${formatDate(locale, item.current_period_end)}`
          const failed =
            s.status === 'past_due' && invoice?.status === 'open'
              ? `<p class="error">${esc(invoice.next_payment_attempt ? w.retry(formatDate(locale, invoice.next_payment_attempt)) : w.noRetry)}</p>`
              : ''
          const toggle = ended
            ? ''
            : `<form method="post" action="${action(s.cancel_at_period_end ? 'resume' : 'cancel')}"><input type="hidden" name="subscription" value="${esc(s.id)}"><button type="submit" class="${s.cancel_at_period_end ? '' : 'secondary'}">${esc(s.cancel_at_period_end ? w.resume : w.cancel)}</button></form>`
          return `<article class="card-box" aria-label="${esc(name)}"><h3>${esc(name)}</h3>
<dl><dt>${esc(w.status)}</dt><dd>${esc(w.statuses[s.status] ?? s.status)}</dd><dt>${esc(w.price)}</dt><dd>${esc(formatMoney(locale, item.price.unit_amount ?? 0, item.price.currency))} ${esc(per(item.price))}</dd></dl>
<p>${esc(when)}</p>${failed}${toggle}</article>`
        })
        .join('')
    : `<p>${esc(w.none)}</p>`
  const current = live[0]?.s
  const plansHtml =
    current && v.plans.length > 1
      ? `<form method="post" action="${action('plan')}"><input type="hidden" name="subscription" value="${esc(current.id)}">
<fieldset><legend>${esc(w.choosePlan)}</legend>
${v.plans
  .filter((p) => p.price.currency === current.currency)
  .map((p) => {
    const isCurrent = p.price.id === current.items.data[0]!.price.id
    return `<label class="option"><input type="radio" name="price" value="${esc(p.price.id)}"${isCurrent ? ' checked' : ''}><span>${esc(p.productName)} — ${esc(formatMoney(locale, p.price.unit_amount ?? 0, p.price.currency))} ${esc(per(p.price))}${isCurrent ? ` <span class="hint">(${esc(w.current)})</span>` : ''}</span></label>`
  })
  .join('\n')}
</fieldset><button type="submit">${esc(w.switchPlan)}</button></form>`
      : ''
  const body = `<p class="banner">${esc(w.banner)}</p>
<h1>${esc(w.heading)}</h1>
<p class="hint">${esc(w.signedInAs)} ${esc(v.customer.email ?? '')}</p>
${note.done && w.done[note.done] ? `<p class="notice" role="status">${esc(w.done[note.done])}</p>` : ''}
${note.error ? `<p class="error" role="alert">${esc(note.error)}</p>` : ''}
${show.subs ? `<section aria-labelledby="subs-h"><h2 id="subs-h">${esc(w.subscriptions)}</h2>${subsHtml}</section>` : ''}
${show.card ? `<section aria-labelledby="card-h"><h2 id="card-h">${esc(w.card)}</h2><p>${esc(v.card ? w.cardOnFile(v.card.brand, v.card.last4) : w.noCard)}</p>
<form method="post" action="${action('card')}"><label for="card">${esc(w.newCard)}</label><input id="card" name="card" inputmode="numeric" autocomplete="off" placeholder="4242 4242 4242 4242" aria-describedby="card-hint">
<p class="hint" id="card-hint">${esc(w.cardHint)}</p><button type="submit">${esc(w.updateCard)}</button></form></section>` : ''}
${show.plans && plansHtml ? `<section aria-labelledby="plans-h"><h2 id="plans-h">${esc(w.plans)}</h2>${plansHtml}</section>` : ''}
${v.session.return_url ? `<p><a href="${esc(v.session.return_url)}">${esc(w.back)}</a></p>` : ''}`
  return page(locale, w.title, body)
}
