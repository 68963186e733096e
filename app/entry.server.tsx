import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
// Not react-dom/server's renderToPipeableStream: in React 18.3 its Node writer flushes a whole 2 KB
// buffer even when a multi-byte character did not fit, putting NUL bytes into Cyrillic pages. The
// web-streams renderer encodes each chunk whole. tests/server.test.ts guards this.
import { renderToReadableStream } from 'react-dom/server.browser'
import { NonceProvider } from './ui/nonce'

const ABORT_DELAY = 5_000
export const streamTimeout = ABORT_DELAY

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? ''
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), ABORT_DELAY)
  request.signal.addEventListener('abort', () => controller.abort())
  let status = responseStatusCode
  const body = await renderToReadableStream(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceProvider>,
    {
      nonce,
      signal: controller.signal,
      onError(error: unknown) {
        status = 500
        if (!controller.signal.aborted) console.error(error)
      },
    },
  )
  // Crawlers and link previews get the whole page at once; people get it streamed.
  if (isbot(request.headers.get('user-agent') ?? '')) await body.allReady
  void body.allReady.finally(() => clearTimeout(timer))
  responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
  return new Response(body, { headers: responseHeaders, status })
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (a visitor navigating away) are not errors of ours.
  if (request.signal.aborted) return
  console.error(error instanceof Error ? error.stack : error)
}
