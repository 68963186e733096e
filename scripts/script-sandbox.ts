/**
 * For command-line scripts in demo mode (no STRIPE_SECRET_KEY): the built-in Stripe sandbox on a
 * private port of this process, over the demo's own sandbox data, so the scripts talk to it through
 * the real SDK exactly as they would talk to Stripe. Returns how to stop it.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import type { Env } from '../app/env.server'

export async function startScriptSandbox(env: Env): Promise<() => Promise<void>> {
  const { mountStripeSandbox } = await import('../app/payments/sandbox/mount.server')
  const app = express()
  mountStripeSandbox(app, { logger: { info: () => {}, warn: (o, m) => console.warn(m, o) }, env })
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s))
  })
  // The first request tells the sandbox which port it listens on (the SDK is pointed there).
  await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/sandbox.css`)
  return () => new Promise((resolve) => server.close(() => resolve()))
}
