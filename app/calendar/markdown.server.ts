/**
 * Markdown typed by staff → HTML that is safe to put in the page. marked turns it into HTML, then
 * sanitize-html keeps a short allow-list: no scripts, no styles, no images (nothing loads from
 * elsewhere: our readers are watched), no event handlers; links only to http(s) and mailto, and
 * they open with rel="nofollow noopener noreferrer".
 */
import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

const marked = new Marked({ gfm: true, breaks: false, async: false })

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'b', 'i', 'a', 'ul', 'ol', 'li', 'blockquote', 'h2', 'h3', 'h4', 'code', 'pre', 'hr', 'del'],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // The contents of these go too, not only the tags.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math'],
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
    h1: 'h2',
  },
}

/** Rendered HTML by source text: sanitising is the costly part of an event page, and texts rarely change. */
const rendered = new Map<string, string>()
const MAX_CACHED = 2000

export function renderMarkdown(source: string): string {
  const key = source ?? ''
  const hit = rendered.get(key)
  if (hit !== undefined) return hit
  const html = sanitizeHtml(marked.parse(key) as string, OPTIONS)
  if (rendered.size >= MAX_CACHED) rendered.delete(rendered.keys().next().value!)
  rendered.set(key, html)
  return html
}

/** Plain text for feeds, meta descriptions and JSON-LD: markdown rendered, then every tag removed. */
export function markdownToText(source: string): string {
  const html = marked.parse(source ?? '') as string
  const text = sanitizeHtml(html.replace(/<\/(p|li|h\d|blockquote)>/g, '$&\n'), { allowedTags: [], allowedAttributes: {} })
  return decodeEntities(text).replace(/\n{3,}/g, '\n\n').trim()
}

function decodeEntities(s: string) {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}
