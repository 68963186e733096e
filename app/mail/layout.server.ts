/**
 * The one look of every message the club sends: a heading, paragraphs, an optional button, a footer.
 * Each message exists as text and HTML. Everything interpolated is escaped here.
 */
import { getT } from '~/i18n/i18n'
import type { Locale } from '~/i18n/locale'

export function escapeHtml(value: string) {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

export type EmailContent = {
  locale: Locale
  subject: string
  heading: string
  paragraphs: string[]
  action?: { label: string; url: string }
  /** Raw HTML blocks already escaped by the caller (e.g. ticket QR codes), placed after the paragraphs. */
  htmlBlocks?: string[]
  /** Their text equivalents, for the text part. */
  textBlocks?: string[]
}

export function renderEmail(c: EmailContent): { subject: string; text: string; html: string } {
  const t = getT(c.locale, 'mail')
  const text = [
    c.heading,
    '',
    ...c.paragraphs.flatMap((p) => [p, '']),
    ...(c.action ? [`${c.action.label}: ${c.action.url}`, ''] : []),
    ...(c.textBlocks ?? []).flatMap((b) => [b, '']),
    '—',
    t('footer'),
  ].join('\n')
  const html = `<!doctype html>
<html lang="${c.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(c.subject)}</title></head>
<body style="margin:0;background:#fbf8f3;color:#1c1f2a;font-family:system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif">
<div style="max-width:560px;margin:0 auto;padding:24px">
<p style="font-family:Georgia,serif;font-size:18px;font-weight:bold;margin:0 0 16px"><span style="color:#a4161a">●</span> ${escapeHtml(t('club'))}</p>
<h1 style="font-family:Georgia,serif;font-size:24px;margin:0 0 16px">${escapeHtml(c.heading)}</h1>
${c.paragraphs.map((p) => `<p style="font-size:16px;line-height:1.5;margin:0 0 12px">${escapeHtml(p)}</p>`).join('\n')}
${c.action ? `<p style="margin:24px 0"><a href="${escapeHtml(c.action.url)}" style="background:#a4161a;color:#fff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold;display:inline-block">${escapeHtml(c.action.label)}</a></p>` : ''}
${(c.htmlBlocks ?? []).join('\n')}
<hr style="border:none;border-top:1px solid #ddd;margin:24px 0">
<p style="font-size:13px;color:#565a66">${escapeHtml(t('footer'))}</p>
</div></body></html>`
  return { subject: c.subject, text, html }
}
