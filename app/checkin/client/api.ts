/**
 * The door API from the screen. A scan that gets no answer within ~2 s is judged on the device
 * instead (a queue in the rain does not wait for a phone's network): `ask` then throws `Offline`,
 * and the caller keeps the same nonce for the queue, so a request that did reach the server counts once.
 */
import type { Counts, SearchResult, Snapshot, Verdict } from './types'

export const ANSWER_WITHIN_MS = 2000

/** The server did not answer (network down, timeout, 5xx): judge on the device. */
export class Offline extends Error {}
/** The server answered "not you" (signed out, role withdrawn): the screen must say so, not guess. */
export class NotAllowed extends Error {}
/** The server refused the request itself (400, 409, 422): show its message, do not retry. */
export class Refused extends Error {
  constructor(
    public status: number,
    public body: unknown,
  ) {
    super(`HTTP ${status}`)
  }
}

export type DoorApi = ReturnType<typeof doorApi>

export function doorApi(base: string, locale: 'en' | 'ru', timeoutMs = ANSWER_WITHIN_MS) {
  // Ticket types and reasons come back in the screen's language.
  const url = (path: string) => `${base}${path}${path.includes('?') ? '&' : '?'}lang=${locale}`
  async function ask<T>(path: string, init: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<T> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), init.timeoutMs ?? timeoutMs)
    let res: Response
    try {
      res = await fetch(url(path), {
        method: init.method ?? 'GET',
        headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: controller.signal,
        credentials: 'same-origin',
        cache: 'no-store',
      })
    } catch {
      throw new Offline()
    } finally {
      clearTimeout(timer)
    }
    if (res.status === 401 || res.status === 403) throw new NotAllowed()
    if (res.status >= 500 || res.redirected) throw new Offline()
    let json: unknown
    try {
      json = await res.json()
    } catch {
      // Not the API answering (a proxy's page, a captive portal): as good as no network.
      throw new Offline()
    }
    // The API's 404 is "not for you" (no door permission) or "no such event": nothing to judge offline either.
    if (res.status === 404) throw new NotAllowed()
    if (!res.ok) throw new Refused(res.status, json)
    return json as T
  }
  return {
    redeem: (body: { code?: string; ticketId?: number; nonce: string; deviceId: string; scannedAt: number; offline?: boolean }, timeout?: number) =>
      ask<Verdict>('/redeem', { method: 'POST', body, timeoutMs: timeout }),
    undo: (body: { ticketId: number; nonce: string }) => ask<{ status: string }>('/undo', { method: 'POST', body }),
    walkIn: (body: { ticketTypeId: number; quantity: number; holderName?: string; payment: 'cash' | 'card_reader'; amountPence: number; nonce: string; deviceId?: string }) =>
      ask<{ status: 'sold'; tickets: { id: number; holder?: string }[]; admitted: boolean }>('/walk-in', { method: 'POST', body }),
    search: (q: string) => ask<{ results: SearchResult[] }>(`/search?q=${encodeURIComponent(q)}`),
    counts: () => ask<Counts>('/counts'),
    // The list is larger than a verdict and nobody waits for it at the door: give it longer.
    snapshot: () => ask<Snapshot>('/snapshot', { timeoutMs: 15_000 }),
    streamUrl: url('/stream'),
  }
}
