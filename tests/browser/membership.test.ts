/**
 * A member joins on a phone as a person would: the plans, the sandbox's hosted Checkout (a whole
 * page, not a Remix route), signed webhooks back to us, the account showing "Active", and the card
 * whose QR decodes (jsqr) to a code the server signed for this membership. Then the same in Russian
 * for the plans page. Screenshots in tests/artifacts.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { expect, test } from 'vitest'
import { openPage, PHONE, screenshot, useBrowserSuite, waitForHydration } from '../support/browser'
import { DEMO, signInAs } from '../support/sign-in'
import { query, waitUntil } from '../support/ticketing'

const suite = useBrowserSuite()

test('join through the sandbox checkout → account shows active → the card’s QR decodes to a signed code (phone)', async () => {
  const cookie = await signInAs(suite.app, 'member')
  const { page, problems, close } = await openPage(suite.browser, { viewport: PHONE, session: { url: suite.app.url, cookie } })
  await page.goto(`${suite.app.url}/ru/membership`)
  await waitForHydration(page)
  await screenshot(page, 'membership-plans-ru-phone')
  await page.goto(`${suite.app.url}/membership`)
  await waitForHydration(page)
  // The join form posts, and the answer is a whole-page redirect to the hosted Checkout.
  await Promise.all([page.waitForURL(/\/sandbox\/checkout\//), page.getByRole('button', { name: 'Join as Friend of the club' }).click()])
  await page.fill('#card', '4242 4242 4242 4242')
  await screenshot(page, 'membership-checkout-en-phone')
  await Promise.all([page.waitForURL(/\/account/), page.locator('form button[type=submit]').first().click()])
  await page.goto(`${suite.app.url}/account/membership`)
  await page.getByText('Active', { exact: false }).first().waitFor()
  expect(await page.locator('main').textContent()).toContain('Friend of the club')
  await screenshot(page, 'membership-account-active-en-phone')

  const userId = query<{ id: number }>(suite.app.databasePath, 'select id from users where email = ?', DEMO.member.email)[0]!.id
  const row = await waitUntil(() => query<{ status: string; card_id: string | null }>(suite.app.databasePath, 'select status, card_id from memberships where user_id = ?', userId)[0])
  expect(row.status).toBe('active')

  await page.goto(`${suite.app.url}/account/card`)
  const qr = page.getByTestId('card-qr')
  await qr.waitFor()
  await screenshot(page, 'membership-card-en-phone')
  const png = PNG.sync.read(await qr.screenshot())
  const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
  expect(decoded, 'the card QR decodes').not.toBeNull()
  const [body, signature] = decoded!.data.split('.') as [string, string]
  const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { k: string; c: string }
  expect(payload.k).toBe('m')
  const cardId = query<{ card_id: string }>(suite.app.databasePath, 'select card_id from memberships where user_id = ?', userId)[0]!.card_id
  expect(payload.c).toBe(cardId)
  // Signed with the server's door key, as a door device checks it (public key only).
  const secrets = JSON.parse(fs.readFileSync(path.join(suite.app.dataDir, 'demo-secrets.json'), 'utf8')) as { doorSigningKey: string }
  const publicKey = crypto.createPublicKey(crypto.createPrivateKey({ key: Buffer.from(secrets.doorSigningKey, 'base64'), format: 'der', type: 'pkcs8' }))
  expect(crypto.verify(null, Buffer.from(body, 'base64url'), publicKey, Buffer.from(signature, 'base64url'))).toBe(true)
  expect(problems, problems.join('\n')).toEqual([])
  await close()
})
