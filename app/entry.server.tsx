import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
// React 18.3.1's Node writer has a bug that patches/react-dom+18.3.1.patch fixes: when a multi-byte
// character did not fit the end of its 2 KB buffer, the whole buffer went out, unwritten tail and all,
// putting NUL bytes into Cyrillic pages. The web-streams renderer (react-dom/server.browser) has no
// such bug but costs three times as much CPU per page (bench/calendar.bench.ts). tests/patches.test.ts
// fails if the patch is ever not applied.
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from './ui/nonce'

const ABORT_DELAY = 5_000
export const streamTimeout = ABORT_DELAY

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? ''
  // Crawlers and link previews get the whole page at once; people get it streamed.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '')
  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode
    let shellRendered = false
    const respond = () => {
      shellRendered = true
      const body = new PassThrough()
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status }))
      pipe(body)
    }
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onShellReady() {
          if (!waitForAll) respond()
        },
        onAllReady() {
          clearTimeout(timer)
          if (waitForAll) respond()
        },
        onShellError(error: unknown) {
          clearTimeout(timer)
          reject(error)
        },
        onError(error: unknown) {
          status = 500
          // Before the shell, onShellError rejects and Remix logs the error; after it, only we can.
          if (shellRendered) console.error(error)
        },
      },
    )
    const timer = setTimeout(abort, ABORT_DELAY)
    request.signal.addEventListener('abort', () => abort(), { once: true })
  })
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (a visitor navigating away) are not errors of ours.
  if (request.signal.aborted) return
  console.error(error instanceof Error ? error.stack : error)
}
