/**
 * Debian's chromium, headless, driven by playwright-core. tests/run.sh makes sure it is installed.
 *
 * A browser test file usually needs only this:
 *
 *   const suite = useBrowserSuite()                    // app server + chromium for the file ({ mailbox: true } adds SMTP)
 *   test('…', async () => {
 *     const { page, problems, close } = await openPage(suite.browser, { viewport: PHONE })
 *     await page.goto(`${suite.app.url}/events`)
 *     await waitForHydration(page)
 *     …
 *     expect(problems).toEqual([])                     // no console error, no uncaught error
 *     await close()
 *   })
 */
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startAppServer, type AppServer } from './app-server'
import { startMailbox, type Mailbox } from './smtp'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    // Never skip silently: the browser tests are part of the suite.
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: run "apt-get install -y chromium" (npm test does it as root)`)
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}

export const PHONE = { width: 390, height: 844 }
export const DESKTOP = { width: 1280, height: 900 }

export const ARTIFACTS = path.resolve('tests/artifacts')

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** True once Remix has hydrated the page (its router is on window): from then on, links navigate in the app. */
export const hydrated = () => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined

export async function waitForHydration(page: Page) {
  await page.waitForFunction(hydrated)
}

function started<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is not started: read it inside a test (useBrowserSuite starts it in beforeAll)`)
  return value
}

/**
 * One app server (its own database) and one chromium for a test file, started together before the
 * file's tests and stopped after them; with `mailbox: true`, a real SMTP server too, which the app
 * sends its mail to. Read the fields inside tests and hooks: they exist once beforeAll has run.
 */
export function useBrowserSuite(options: { mailbox?: boolean; env?: Record<string, string> } = {}) {
  let app: AppServer | undefined
  let browser: Browser | undefined
  let mailbox: Mailbox | undefined
  beforeAll(async () => {
    if (options.mailbox) mailbox = await startMailbox()
    ;[app, browser] = await Promise.all([startAppServer({ ...options.env, ...(mailbox ? { SMTP_URL: mailbox.url } : {}) }), launchBrowser()])
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    await mailbox?.close()
  })
  return {
    get app() {
      return started(app, 'the app server')
    },
    get browser() {
      return started(browser, 'chromium')
    },
    get mailbox() {
      return started(mailbox, 'the mailbox (useBrowserSuite({ mailbox: true }))')
    },
  }
}

export type WatchedPage = {
  context: BrowserContext
  page: Page
  /** Every console error and uncaught page error so far, each after the URL it happened on. */
  problems: string[]
  /** Closes the page's context. */
  close: () => Promise<void>
}

/**
 * A page in a fresh context (its own cookies) that records every console error and uncaught error
 * into `problems`, so a test can end with `expect(problems).toEqual([])`.
 * - `ignore`: what the test expects and must not count (say, the 400 of a form it refuses on purpose).
 * - `session`: a session cookie pair (`club_session=…`, from signInAs) set for the app's URL first.
 */
export async function openPage(
  browser: Browser,
  {
    ignore,
    session,
    ...contextOptions
  }: BrowserContextOptions & { ignore?: (text: string, source: 'console' | 'pageerror') => boolean; session?: { url: string; cookie: string } } = {},
): Promise<WatchedPage> {
  const context = await browser.newContext(contextOptions)
  if (session) {
    const [name, value] = session.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, url: session.url }])
  }
  const page = await context.newPage()
  const problems: string[] = []
  page.on('console', (m) => m.type() === 'error' && !ignore?.(m.text(), 'console') && problems.push(`${page.url()}: ${m.text()}`))
  page.on('pageerror', (e) => !ignore?.(e.message, 'pageerror') && problems.push(`${page.url()}: ${e.message}`))
  return { context, page, problems, close: () => context.close() }
}
