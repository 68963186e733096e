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

export function lateRefundEmail(detail: OrderDetail, baseUrl: string): Omit<OutgoingEmail, 'dedupeKey'> {
  const { order, event } = detail
  const locale = order.locale
  const t = getT(locale, 'ticketing')
  const title = locale === 'ru' ? event.titleRu : event.titleEn
  const rendered = renderEmail({
    locale,
    subject: t('email.lateRefund.subject', { title }),
    heading: t('email.lateRefund.heading'),
    paragraphs: [
      t('email.confirmation.hello', { name: order.buyerName ?? '' }),
      t('email.lateRefund.body', { title, total: formatMoney(order.totalPence, order.currency, locale) }),
      t('email.lateRefund.when'),
    ],
    action: { label: t('email.lateRefund.otherEvents'), url: `${baseUrl}${localePath(locale, '/events')}` },
  })
  return { to: order.buyerEmail!, locale, template: 'ticketing.late-refund', ...rendered }
}
