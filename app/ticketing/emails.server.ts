/**
 * The buyer's mail, in the order's language: the confirmation (a QR code per ticket as an inline
 * image, and an .ics for the calendar) and the notice that a late payment was refunded.
 */
import ical from 'ical-generator'
import type { Locale } from '#db/schema'
import { formatDateTimeWithZone, formatMoney } from '~/i18n/format'
import { icsString } from '~/calendar/ical.server'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { escapeHtml, renderEmail } from '~/mail/layout.server'
import type { Attachment, OutgoingEmail } from '~/mail/outbox.server'
import type { OrderDetail } from './tickets-view.server'

export function eventIcs(detail: Pick<OrderDetail, 'event' | 'venue'>, locale: Locale, orderUrl: string, showAddress: boolean): string {
  const { event, venue } = detail
  const cal = ical({ name: getT(locale)('club'), prodId: { company: 'Open Russia Club', product: 'tickets', language: locale.toUpperCase() } })
  const title = locale === 'ru' ? event.titleRu : event.titleEn
  const location = venue
    ? showAddress || !event.addressHidden
      ? `${locale === 'ru' ? venue.nameRu : venue.nameEn}, ${locale === 'ru' ? venue.addressRu : venue.addressEn}`
      : locale === 'ru'
        ? venue.nameRu
        : venue.nameEn
    : undefined
  cal.createEvent({
    id: `event-${event.id}@openrussia.club`,
    start: new Date(event.startsAt),
    end: new Date(event.endsAt),
    summary: title,
    description: `${locale === 'ru' ? event.summaryRu : event.summaryEn}\n\n${orderUrl}`.trim(),
    location,
    url: orderUrl,
  })
  return icsString(cal)
}

export function orderUrl(baseUrl: string, locale: Locale, code: string) {
  return `${baseUrl}${localePath(locale, `/orders/${code}`)}`
}

export function confirmationEmail(detail: OrderDetail, qr: Map<string, Buffer>, baseUrl: string): Omit<OutgoingEmail, 'dedupeKey'> {
  const { order, event, venue } = detail
  const locale = order.locale
  const t = getT(locale, 'ticketing')
  const title = locale === 'ru' ? event.titleRu : event.titleEn
  const url = orderUrl(baseUrl, locale, order.code)
  const when = formatDateTimeWithZone(event.startsAt, locale)
  const where = venue ? `${locale === 'ru' ? venue.nameRu : venue.nameEn}, ${locale === 'ru' ? venue.addressRu : venue.addressEn}` : ''
  const free = order.totalPence === 0
  const attachments: Attachment[] = []
  const htmlBlocks: string[] = []
  const textBlocks: string[] = []
  detail.tickets.forEach((ticket, i) => {
    const cid = `ticket-${i + 1}-${order.id}@openrussia.club`
    const png = qr.get(ticket.code)
    const typeName = locale === 'ru' ? ticket.nameRu : ticket.nameEn
    const label = t('email.ticketLabel', { n: i + 1, type: typeName })
    if (png) attachments.push({ filename: `ticket-${i + 1}.png`, contentType: 'image/png', content: png, cid })
    htmlBlocks.push(
      `<div style="border:1px solid #ddd;border-radius:8px;padding:16px;margin:0 0 16px;text-align:center"><p style="margin:0 0 8px;font-weight:bold">${escapeHtml(label)}</p>` +
        (png ? `<img src="cid:${cid}" width="220" height="220" alt="${escapeHtml(t('email.qrAlt', { n: i + 1 }))}" style="display:block;margin:0 auto">` : '') +
        `<p style="font-family:monospace;font-size:13px;margin:8px 0 0;word-break:break-all">${escapeHtml(ticket.code)}</p></div>`,
    )
    textBlocks.push(`${label}: ${ticket.code}`)
  })
  attachments.push({
    filename: 'event.ics',
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: Buffer.from(eventIcs(detail, locale, url, true), 'utf8'),
  })
  const paragraphs = [
    t('email.confirmation.hello', { name: order.buyerName ?? '' }),
    free ? t('email.confirmation.bodyFree', { title }) : t('email.confirmation.body', { title, total: formatMoney(order.totalPence, order.currency, locale) }),
    ...(order.lateOutcome === 'accepted' ? [t('email.confirmation.lateAccepted')] : []),
    t('email.confirmation.when', { when }),
    ...(where ? [t('email.confirmation.where', { where })] : []),
    ...(event.addressHidden ? [t('email.confirmation.addressPrivate')] : []),
    t('email.confirmation.showQr', { count: detail.tickets.length }),
  ]
  const rendered = renderEmail({
    locale,
    subject: t('email.confirmation.subject', { title }),
    heading: t('email.confirmation.heading', { count: detail.tickets.length }),
    paragraphs,
    action: { label: t('email.confirmation.viewOrder'), url },
    htmlBlocks,
    textBlocks,
  })
  return { to: order.buyerEmail!, locale, template: 'ticketing.order-confirmation', ...rendered, attachments }
}

/**
 * A plain message to an order's buyer, in the order's language: what every notice but the
 * confirmation (which carries tickets) has in common.
 */
function buyerNotice(
  detail: OrderDetail,
  template: string,
  write: (c: { t: ReturnType<typeof getT>; title: string; locale: Locale; hello: string }) => { subject: string; heading: string; paragraphs: string[]; action: { label: string; url: string } },
): Omit<OutgoingEmail, 'dedupeKey'> {
  const { order, event } = detail
  const locale = order.locale
  const t = getT(locale, 'ticketing')
  const title = locale === 'ru' ? event.titleRu : event.titleEn
  const rendered = renderEmail({ locale, ...write({ t, title, locale, hello: t('email.confirmation.hello', { name: order.buyerName ?? '' }) }) })
  return { to: order.buyerEmail!, locale, template, ...rendered }
}

const otherEvents = (t: ReturnType<typeof getT>, baseUrl: string, locale: Locale) => ({ label: t('email.lateRefund.otherEvents'), url: `${baseUrl}${localePath(locale, '/events')}` })

export function lateRefundEmail(detail: OrderDetail, baseUrl: string): Omit<OutgoingEmail, 'dedupeKey'> {
  const total = formatMoney(detail.order.totalPence, detail.order.currency, detail.order.locale)
  return buyerNotice(detail, 'ticketing.late-refund', ({ t, title, locale, hello }) => ({
    subject: t('email.lateRefund.subject', { title }),
    heading: t('email.lateRefund.heading'),
    paragraphs: [hello, t('email.lateRefund.body', { title, total }), t('email.lateRefund.when')],
    action: otherEvents(t, baseUrl, locale),
  }))
}

/** The 6-digit code that proves the buyer reads this address (a free RSVP counts only then). */
export function emailCodeEmail(detail: OrderDetail, code: string, baseUrl: string): Omit<OutgoingEmail, 'dedupeKey'> {
  return buyerNotice(detail, 'ticketing.email-code', ({ t, title, locale }) => ({
    subject: t('email.code.subject', { code, title }),
    heading: t('email.code.heading', { code }),
    paragraphs: [t('email.code.body', { title }), t('email.code.ignore')],
    action: { label: t('email.code.open'), url: orderUrl(baseUrl, locale, detail.order.code) },
  }))
}

/** Staff approved a paid booking: the buyer may now pay, until `payBy`. */
export function approvedToPayEmail(detail: OrderDetail, payBy: number, baseUrl: string): Omit<OutgoingEmail, 'dedupeKey'> {
  return buyerNotice(detail, 'ticketing.approved', ({ t, title, locale, hello }) => ({
    subject: t('email.approved.subject', { title }),
    heading: t('email.approved.heading'),
    paragraphs: [hello, t('email.approved.body', { title, total: formatMoney(detail.order.totalPence, detail.order.currency, locale), until: formatDateTimeWithZone(payBy, locale) })],
    action: { label: t('email.approved.pay'), url: orderUrl(baseUrl, locale, detail.order.code) },
  }))
}

export function declinedEmail(detail: OrderDetail, baseUrl: string): Omit<OutgoingEmail, 'dedupeKey'> {
  return buyerNotice(detail, 'ticketing.declined', ({ t, title, locale, hello }) => ({
    subject: t('email.declined.subject', { title }),
    heading: t('email.declined.heading'),
    paragraphs: [hello, t('email.declined.body', { title })],
    action: otherEvents(t, baseUrl, locale),
  }))
}
