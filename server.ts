/**
 * The HTTP server around the Remix handler: security headers, compression, static files, logging,
 * /healthz and a graceful shutdown. `tsx server.ts` serves the production build; `--dev` serves
 * the app through Vite with hot reload.
 */
import crypto from 'node:crypto'
import path from 'node:path'
// The adapter's own request and response conversions (exported by its module, not re-exported by its index).
import { createRemixRequest, sendRemixResponse } from '@remix-run/express/dist/server.js'
import { createRequestHandler as createRemixHandler, type ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express, { type ErrorRequestHandler } from 'express'
import helmet from 'helmet'
import { pino } from 'pino'
import { pinoHttp } from 'pino-http'
import { EnvError, initEnv } from './app/env.server'
import { BUFFERED_BODY, bodyLimit } from './app/http/body-limit.server'
import { createPageCache } from './app/http/page-cache.server'
import { isAllowedMethod, refuse, ALLOWED_METHODS } from './app/http/refusals.server'
import { loggablePath } from './app/http/request-log.server'
import { startBackgroundCheckpoints } from './db/checkpoints.server'
import { closeDb, getDb } from './db/client.server'
import { prepareDatabase } from './db/prepare.server'

const DEV = process.argv.includes('--dev')

let env: ReturnType<typeof initEnv>
try {
  env = initEnv()
} catch (error) {
  if (error instanceof EnvError) {
    console.error(`\nThe Open Russia Club cannot start.\n${error.message}\n`)
    process.exit(1)
  }
  throw error
}

const logger = pino({ level: env.LOG_LEVEL })

// Migrate (and in demo mode seed) before the first request can arrive.
const db = getDb()
const prepared = await prepareDatabase(db, env)
logger.info({ database: path.relative(process.cwd(), env.DATABASE_PATH), ...prepared }, 'database ready')
const checkpoints = startBackgroundCheckpoints(db, { onError: (message) => logger.error(message) })

const app = express()
app.disable('x-powered-by')
// A reverse proxy in front (TLS) sets X-Forwarded-*; trust only the nearest hop.
app.set('trust proxy', 'loopback')

app.use((_req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
  next()
})

const STRIPE_ORIGINS = ['https://checkout.stripe.com', 'https://billing.stripe.com']
app.use(
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        // No inline script without this request's nonce; Vite's dev client needs eval-free HMR only.
        'script-src': ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
        'style-src': ["'self'", ...(DEV ? ["'unsafe-inline'"] : [])],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'", ...(DEV ? ['ws:'] : [])],
        // Checkout and the customer portal are the only places a form or redirect may lead off-site.
        'form-action': ["'self'", ...STRIPE_ORIGINS],
        'frame-ancestors': ["'none'"],
        'object-src': ["'none'"],
        'media-src': ["'self'", 'blob:'],
        'worker-src': ["'self'", 'blob:'],
        'manifest-src': ["'self'"],
        ...(env.PUBLIC_URL.startsWith('https:') ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // Stripe's hosted pages are opened by redirect, never embedded, so no cross-origin embedding is needed.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    strictTransportSecurity: env.PUBLIC_URL.startsWith('https:'),
    xFrameOptions: { action: 'deny' },
  }),
)
app.use((_req, res, next) => {
  // Camera for the door's QR scanner, nothing else.
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=(), interest-cohort=()')
  next()
})
app.use(compression())
app.use(
  pinoHttp({
    logger,
    // Never log cookies, tokens in query strings or bodies: our users are exposed people.
    serializers: {
      // An order's code in its path is the guest's key to it: never in the log (app/http/request-log.server.ts).
      req: (req: { method: string; url: string }) => ({ method: req.method, path: loggablePath(req.url) }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url?.startsWith('/assets/') === true },
  }),
)

// TRACE, CONNECT and made-up methods are no business of Remix's (TRACE reached it and was a 500).
app.use((req, res, next) => {
  if (isAllowedMethod(req.method)) return next()
  res.set('Allow', ALLOWED_METHODS.join(', '))
  refuse(req, res, 'methodNotAllowed')
})

// No body larger than its address accepts is read (app/http/body-limit.server.ts).
app.use(bodyLimit())

// Forms post only from our own pages. SameSite=Lax cookies already stop most cross-site posts; this
// refuses the rest. Stripe's webhooks and the sandbox's API are server-to-server and carry no Origin.
app.use((req, res, next) => {
  const origin = req.get('origin')
  if (req.method === 'GET' || req.method === 'HEAD' || !origin) return next()
  const own = `${req.protocol}://${req.get('host')}`
  if (origin === own || origin === env.PUBLIC_URL) return next()
  res.status(403).type('text/plain').send('Cross-site form submissions are not accepted.')
})

app.get('/healthz', (_req, res) => {
  try {
    db.$client.prepare('select 1').get()
    res.set('Cache-Control', 'no-store').json({ ok: true })
  } catch (error) {
    logger.error({ err: error }, 'health check failed')
    res.status(503).json({ ok: false })
  }
})

// Files uploaded by staff (speaker photos, event images), re-encoded by the server before storage.
app.use('/uploads', express.static(path.join(env.DATA_DIR, 'uploads'), { maxAge: '1d', fallthrough: false }))

// Demo mode only: the built-in Stripe sandbox (API at /v1, hosted checkout at /sandbox). Never with real keys.
if (env.DEMO_MODE) {
  const { mountStripeSandbox } = await import('./app/payments/sandbox/mount.server')
  mountStripeSandbox(app, { logger, env })
}

let build: ServerBuild | (() => Promise<ServerBuild>)
let vite: import('vite').ViteDevServer | undefined
if (DEV) {
  const { createServer } = await import('vite')
  vite = await createServer({ server: { middlewareMode: true } })
  app.use(vite.middlewares)
  build = () => vite!.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
} else {
  // Fingerprinted by Vite: cache for a year. Everything else in the client build: an hour.
  const buildDir = path.resolve(process.env.REMIX_BUILD_DIR ?? 'build')
  app.use('/assets', express.static(path.join(buildDir, 'client/assets'), { immutable: true, maxAge: '1y' }))
  // Only paths that look like files (favicon.svg, …) go to the disk: a stat per page view is waste.
  const publicFiles = express.static(path.join(buildDir, 'client'), { maxAge: '1h', index: false })
  app.use((req, res, next) => (/\.[a-z0-9]+$/i.test(req.path) ? publicFiles(req, res, next) : next()))
  const serverBuildPath = path.join(buildDir, 'server/index.js')
  build = (await import(serverBuildPath)) as ServerBuild
}

// The Remix adapter appends response headers. A route that sets its own Content-Security-Policy
// (the outbox's view of an email, whose HTML is all inline styles) must replace the site-wide one,
// not add a second policy that browsers would enforce as well.
app.use((_req, res, next) => {
  const append = res.append.bind(res)
  res.append = (field: string, value?: string | string[]) =>
    field.toLowerCase() === 'content-security-policy' ? res.set(field, value) : append(field, value)
  next()
})

const handleRemix = createRemixHandler(build, DEV ? 'development' : 'production')

// Anonymous visitors' views of the public calendar, reused for a few seconds (see the module).
const pageCache = createPageCache({
  seconds: DEV ? 0 : env.PUBLIC_PAGE_CACHE_SECONDS,
  render: (request: Request, nonce: string) => handleRemix(request, { cspNonce: nonce, clientIp: 'unknown' }),
})
app.use(pageCache.middleware)

// @remix-run/express's handler, except that a body the size check already read (a chunked one, see
// app/http/body-limit.server.ts) is handed to Remix from memory rather than from the spent stream.
app.all('*', async (req, res, next) => {
  try {
    let request = createRemixRequest(req, res)
    const buffered = res.locals[BUFFERED_BODY] as Buffer | undefined
    if (buffered) {
      const headers = new Headers(request.headers)
      headers.delete('transfer-encoding')
      headers.set('content-length', String(buffered.length))
      request = new Request(request.url, { method: request.method, headers, body: new Uint8Array(buffered), signal: request.signal })
    }
    // clientIp: for the accounts' rate limits (per address); never logged or stored.
    const response = await handleRemix(request, { cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? 'unknown' })
    if (!req.complete) {
      // Answered without reading the whole body (a sign-in redirect before the form is read, say):
      // the adapter's reader paused it, which stalled the connection for the client's next request.
      // The rest (within its limit) is read and dropped.
      req.removeAllListeners('data')
      req.resume()
    }
    await sendRemixResponse(res, response)
  } catch (error) {
    next(error)
  }
})

// Bad input that fails before Remix (a malformed URL, a path that climbs out of /uploads, a body over
// the sandbox parsers' limits) is the client's fault: a 4xx in the reader's language, never 500.
const onError: ErrorRequestHandler = (error, req, res, _next) => {
  const status =
    error instanceof URIError ? 400 : typeof error?.status === 'number' && error.status < 500 ? error.status : 500
  if (status >= 500) req.log.error({ err: error }, 'unhandled error')
  if (res.headersSent) return void res.end()
  // 403 is what the static server says to `..` in a path: we do not confirm that anything is there.
  refuse(req, res, status === 413 ? 'tooLarge' : status === 404 || status === 403 ? 'notFound' : status === 405 ? 'methodNotAllowed' : status < 500 ? 'badRequest' : 'serverError', {
    limit: status === 413 && typeof error?.limit === 'number' ? error.limit : undefined,
  })
}
app.use(onError)

const server = app.listen(env.PORT, env.HOST, () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  // Tests read this line to learn the port when PORT=0.
  console.log(`Open Russia Club listening on http://localhost:${port}${env.DEMO_MODE ? ' (demo mode)' : ''}`)
  console.log(
    env.HOST === '127.0.0.1' || env.HOST === '::1' || env.HOST === 'localhost'
      ? `Listening on ${env.HOST} only: other machines cannot reach it.${env.DEMO_MODE ? ' Demo mode shows its outbox, demo passwords and sandbox controls to anyone who can; set HOST=0.0.0.0 to open it to the network anyway.' : ''}`
      : `Listening on ${env.HOST}: reachable from the network.${env.DEMO_MODE ? ' Warning: demo mode shows its outbox (reset links, codes), demo passwords and sandbox controls to anyone who can reach it.' : ''}`,
  )
  if (prepared.demoAccounts?.length) {
    console.log('Demo sign-in details (demo mode only):')
    for (const a of prepared.demoAccounts) console.log(`  ${a.role.padEnd(7)} ${a.email}  password: ${a.password}`)
  }
})

// Node's HTTP parser refuses methods it does not know (TRACK, say) before Express sees them; it
// answers 400, which is right for garbage but not for a method: those get 405, as TRACE does.
server.on('clientError', (error: Error & { code?: string }, socket) => {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy()
  const status =
    error.code === 'HPE_INVALID_METHOD' ? '405 Method Not Allowed' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request'
  const allow = error.code === 'HPE_INVALID_METHOD' ? `Allow: ${ALLOWED_METHODS.join(', ')}\r\n` : ''
  socket.end(`HTTP/1.1 ${status}\r\n${allow}Content-Length: 0\r\nConnection: close\r\n\r\n`)
})

let shuttingDown = false
function shutdown(signal: string) {
  if (shuttingDown) return
  shuttingDown = true
  logger.info({ signal }, 'shutting down: finishing requests in flight')
  const force = setTimeout(() => {
    logger.warn('requests still open after 10 s; closing anyway')
    server.closeAllConnections()
  }, 10_000)
  force.unref()
  server.close(async () => {
    await vite?.close()
    await checkpoints.stop()
    closeDb()
    logger.info('closed')
    process.exit(0)
  })
  // Keep-alive sockets that carry no request would hold close() open.
  server.closeIdleConnections()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
