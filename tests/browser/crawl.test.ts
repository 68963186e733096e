/**
 * Every page a visitor can reach by following links from the home page, in both languages, on a
 * phone: no console error (a CSP violation, a hydration mismatch), no server error, the right
 * <html lang>, one <h1>, a <main>, and no WCAG 2 A/AA violation that axe-core finds. New pages are
 * covered as soon as something links to them.
 */
import { createRequire } from 'node:module'
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, test } from 'vitest'
import { openPage, PHONE, useBrowserSuite } from '../support/browser'

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const MAX_PAGES_PER_LANGUAGE = 30
/** Pages of one shape (/speakers/a, /speakers/b) share a template: two of each tell as much as twelve. */
const MAX_PER_SHAPE = 2

function shape(pathAndQuery: string) {
  const [path, query] = pathAndQuery.split('?')
  const parts = path!.replace(/^\/ru(?=\/|$)/, '').split('/').filter(Boolean)
  const key = parts.map((p, i) => (i === 0 ? p : '*')).join('/')
  return query ? `${key}?${[...new URLSearchParams(query).keys()].sort().join('&')}` : key
}

const suite = useBrowserSuite()

type Violation = { id: string; impact: string; help: string; nodes: { target: string[] }[] }

async function audit(page: Page) {
  // page.evaluate runs outside the page's CSP, so axe needs no exception in our policy.
  await page.evaluate(axeSource)
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: Violation[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }))
  })
}

function crawlable(href: string, origin: string, locale: 'en' | 'ru') {
  const url = new URL(href, origin)
  if (url.origin !== origin) return null
  const p = url.pathname
  if (/\.(ics|xml|txt|png|jpe?g|webp|svg|json|csv)$/.test(p)) return null
  if (/^\/(ru\/)?(logout|sandbox|v1|webhooks|uploads|outbox\/\d+\/html|bench)/.test(p) || p.startsWith('/sandbox')) return null
  const isRu = p === '/ru' || p.startsWith('/ru/')
  if ((locale === 'ru') !== isRu) return null
  return p + url.search
}

for (const locale of ['en', 'ru'] as const) {
  test(`every linked page in ${locale === 'en' ? 'English' : 'Russian'}: no errors, landmarks, WCAG AA`, async () => {
    const { page, problems: consoleErrors, close } = await openPage(suite.browser, { viewport: PHONE })

    const start = locale === 'en' ? '/' : '/ru'
    const queue = [start]
    const seen = new Set(queue)
    const perShape = new Map<string, number>()
    const problems: string[] = []
    let visited = 0
    while (queue.length > 0 && visited < MAX_PAGES_PER_LANGUAGE) {
      const path = queue.shift()!
      visited++
      const res = await page.goto(`${suite.app.url}${path}`)
      const status = res?.status() ?? 0
      if (status >= 500) problems.push(`${path}: HTTP ${status}`)
      if (status >= 400) continue
      await page.waitForLoadState('networkidle')
      const lang = await page.getAttribute('html', 'lang')
      if (lang !== locale) problems.push(`${path}: <html lang="${lang}">`)
      const h1 = await page.locator('h1').count()
      if (h1 !== 1) problems.push(`${path}: ${h1} <h1> elements`)
      if ((await page.locator('main').count()) !== 1) problems.push(`${path}: no single <main>`)
      for (const v of await audit(page)) problems.push(`${path}: axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.join(', ')}`)
      for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
        const next = crawlable(href, suite.app.url, locale)
        if (!next || seen.has(next)) continue
        seen.add(next)
        const n = perShape.get(shape(next)) ?? 0
        if (n >= MAX_PER_SHAPE) continue
        perShape.set(shape(next), n + 1)
        queue.push(next)
      }
    }
    expect(visited).toBeGreaterThanOrEqual(5)
    expect([...problems, ...consoleErrors]).toEqual([])
    await close()
  })
}
