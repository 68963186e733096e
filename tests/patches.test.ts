/**
 * The two patches in patches/ (applied by patch-package after every install). If an upgrade or a
 * failed install leaves either out, these fail before any page can go wrong.
 */
import { PassThrough } from 'node:stream'
import { createElement } from 'react'
import { renderToPipeableStream, renderToString } from 'react-dom/server'
import { matchRoutes } from '@remix-run/router'
import { describe, expect, test } from 'vitest'

function renderToBytes(element: React.ReactElement) {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    const out = new PassThrough()
    out.on('data', (c: Buffer) => chunks.push(c))
    out.on('end', () => resolve(Buffer.concat(chunks)))
    const { pipe } = renderToPipeableStream(element, { onAllReady: () => pipe(out), onError: reject })
  })
}

describe('react-dom: the Node writer keeps multi-byte characters whole', () => {
  test('Cyrillic text that straddles the 2 KB buffer at every offset comes out byte for byte', async () => {
    // An ASCII prefix of each length from 0 to 3 shifts where the two-byte letters meet the buffer's end.
    for (let shift = 0; shift < 4; shift++) {
      const element = createElement(
        'main',
        null,
        Array.from({ length: 60 }, (_, i) => createElement('p', { key: i }, `${'x'.repeat(shift)}Открытый Российский клуб ${i} — «Открытые выборы» в Лондоне`)),
      )
      const bytes = await renderToBytes(element)
      expect(bytes.includes(0), `NUL byte with shift ${shift}`).toBe(false)
      expect(bytes.toString('utf8')).toBe(renderToString(element))
    }
  })
})

describe('@remix-run/router: route tables are flattened once', () => {
  const routes = [
    { id: 'root', path: '/:lang?', children: [{ id: 'events', path: 'events' }, { id: 'event', path: 'events/:slug' }, { id: 'home', index: true }] },
  ]

  test('matches are still right for every path, parameters included', () => {
    expect(matchRoutes(routes, '/events')?.map((m) => m.route.id)).toEqual(['root', 'events'])
    expect(matchRoutes(routes, '/ru/events/kostroma')?.at(-1)?.params).toEqual({ lang: 'ru', slug: 'kostroma' })
    expect(matchRoutes(routes, '/events/opening-night')?.at(-1)?.params).toEqual({ lang: undefined, slug: 'opening-night' })
    expect(matchRoutes(routes, '/ru')?.map((m) => m.route.id)).toEqual(['root', 'home'])
    expect(matchRoutes(routes, '/ru/no/such/page')).toBeNull()
  })

  test('the flattened table is cached per route array (so route arrays must never be changed in place)', () => {
    const table = [{ id: 'a', path: '/a' }]
    expect(matchRoutes(table, '/b')).toBeNull()
    table.push({ id: 'b', path: '/b' })
    // Unpatched, the new route would match: proof that the cache is in use.
    expect(matchRoutes(table, '/b')).toBeNull()
    expect(matchRoutes([...table], '/b')?.[0]?.route.id).toBe('b')
  })
})
