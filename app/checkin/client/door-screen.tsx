/**
 * The door screen: one hand, in the dark, a queue outside. Three ways in on one screen (camera,
 * hardware scanner that types + Enter, typing), a verdict that fills the screen, search by name or
 * order, live counts, sales at the door. When the server does not answer within ~2 s the same scan
 * is judged on the device (tonight's list in IndexedDB, the code's signature) and queued with its
 * nonce; the queue is sent when the network returns, and what another device did first is shown.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Locale } from '~/i18n/locale'
import { localePath } from '~/i18n/locale'
import { doorApi, NotAllowed, Offline, Refused } from './api'
import { codeHash, MAX_CODE_LENGTH, readCode } from './codes'
import { signal, unlockAudio } from './feedback'
import { judgeOffline, judgeTicketOffline, searchOffline, searchOfflineByOrder } from './judge'
import { startScanner, warmUpScanner, type Scanner } from './scanner'
import * as store from './store'
import type { Counts, QueuedAdmission, SearchResult, Snapshot, SyncConflict, Verdict } from './types'
import { VerdictView } from './verdict'

export type DoorScreenProps = {
  event: { id: number; title: string; startsAt: number; endsAt: number; publicKey: string; types: { id: number; name: string; pricePence: number; currency: string }[] }
  locale: Locale
  staffName: string
  api: string
}

type Result = SearchResult & { orderHash?: string }
type Shown = { verdict: Verdict; t0: number; ms: number }

/** How long a verdict stays before the screen is ready for the next guest. */
const VERDICT_MS = 1500
/** How often the queue is retried while it is not empty, besides the browser's "online" event. */
const RETRY_MS = 10_000
/** A fresh list every so often while online, so tickets sold since are known offline. */
const SNAPSHOT_EVERY_MS = 60_000
/** The browser's test hook: each verdict's time from scan to screen (read by tests/browser/door.test.ts). */
type Timing = { ms: number; offline: boolean }
declare global {
  interface Window {
    __doorTimings?: Timing[]
  }
}

/** A list for a device that has none yet: signature checks still work; nobody is known by name. */
function emptySnapshot(event: DoorScreenProps['event']): Snapshot {
  return {
    eventId: event.id,
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    wipeAfter: event.endsAt + 12 * 3600_000,
    publicKey: event.publicKey,
    generatedAt: 0,
    types: [],
    tickets: [],
    revoked: [],
  }
}

/** The list with an admission (or an undo) made here or seen on the stream. */
function withCheckin(s: Snapshot, match: { hash?: string | null; ticketId?: number | null }, at: number | null): Snapshot {
  let found = false
  const tickets = s.tickets.map((t) => {
    if ((match.hash && t.h === match.hash) || (match.ticketId && t.id === match.ticketId)) {
      found = true
      return { ...t, checkedInAt: at }
    }
    return t
  })
  // A ticket sold after the list was taken, admitted here: remembered by its hash, so a second scan is refused.
  if (!found && match.hash && at) tickets.push({ id: 0, h: match.hash, o: '', name: '', type: 0, member: false, status: 'valid', checkedInAt: at })
  return { ...s, tickets }
}

export function DoorScreen({ event, locale, staffName, api: base }: DoorScreenProps) {
  const { t } = useTranslation('door-screen')
  const api = useMemo(() => doorApi(base, locale), [base, locale])
  const timeFormat = useMemo(
    () => new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
    [locale],
  )
  const timeOf = useCallback((at: number) => timeFormat.format(at), [timeFormat])

  const [online, setOnline] = useState(true)
  const [snapshot, setSnapshotState] = useState<Snapshot | null>(null)
  const snapshotRef = useRef<Snapshot | null>(null)
  const [shown, setShown] = useState<Shown | null>(null)
  const [queueCount, setQueueCount] = useState(0)
  const [counts, setCounts] = useState<Counts | null>(null)
  const [live, setLive] = useState(false)
  const [conflicts, setConflicts] = useState<SyncConflict[]>([])
  const [notice, setNotice] = useState<string | null>(null)
  const [signedOut, setSignedOut] = useState(false)
  const deviceRef = useRef('')
  const inputRef = useRef<HTMLInputElement>(null)
  const lastScan = useRef({ code: '', at: 0 })
  const flushing = useRef(false)

  const setSnapshot = useCallback((s: Snapshot | null) => {
    snapshotRef.current = s
    setSnapshotState(s)
    if (s) void store.saveSnapshot(s).catch(() => undefined)
  }, [])
  const currentSnapshot = useCallback(() => snapshotRef.current ?? emptySnapshot(event), [event])
  const refreshQueueCount = useCallback(async () => setQueueCount((await store.queued(event.id)).length), [event.id])

  /** Anything the server says about who may do this ends the screen's work: no guessing offline. */
  const failed = useCallback((error: unknown) => {
    if (error instanceof NotAllowed) setSignedOut(true)
    else if (error instanceof Offline) setOnline(false)
    else throw error
  }, [])

  // ------------------------------------------------------------------ the list and the queue

  const loadList = useCallback(async () => {
    try {
      const fresh = await api.snapshot()
      setOnline(true)
      // Admissions still waiting in the queue are not in the server's list yet: keep them.
      let merged = fresh
      for (const q of await store.queued(event.id)) merged = withCheckin(merged, { hash: q.code ? await codeHash(q.code) : null, ticketId: q.ticketId }, q.scannedAt)
      setSnapshot(merged)
    } catch (error) {
      if (error instanceof Refused) return
      failed(error)
    }
  }, [api, event.id, failed, setSnapshot])

  const flush = useCallback(async () => {
    if (flushing.current) return
    flushing.current = true
    try {
      for (const item of await store.queued(event.id)) {
        let verdict: Verdict
        try {
          verdict = await api.redeem({ code: item.code, ticketId: item.ticketId, nonce: item.nonce, deviceId: item.deviceId, scannedAt: item.scannedAt, offline: true }, 5000)
        } catch (error) {
          if (error instanceof Refused) {
            // The server will never take this one (it says why): keep it off the queue, show it.
            await store.dequeue(item.nonce)
            continue
          }
          failed(error)
          return
        }
        setOnline(true)
        await store.dequeue(item.nonce)
        // Another device (or the server's list) had this ticket in first: both sides, with times.
        if (verdict.conflict || (verdict.status === 'refused' && verdict.reason === 'already_checked_in')) {
          setConflicts((c) => [
            ...c.filter((x) => x.nonce !== item.nonce),
            {
              nonce: item.nonce,
              holder: verdict.ticket?.holder ?? '—',
              ourAt: item.scannedAt,
              theirAt: verdict.checkedInAt ?? null,
              theirBy: verdict.by?.name ?? null,
              theirDevice: verdict.by?.deviceId ?? null,
            },
          ])
          signal('notice')
        }
      }
    } finally {
      flushing.current = false
      await refreshQueueCount()
    }
  }, [api, event.id, failed, refreshQueueCount])

  useEffect(() => {
    let cancelled = false
    void (async () => {
      await store.wipeExpired()
      deviceRef.current = await store.deviceId()
      const kept = await store.loadSnapshot(event.id)
      if (!cancelled && kept) {
        snapshotRef.current = kept
        setSnapshotState(kept)
      }
      await refreshQueueCount()
      await loadList()
      await flush()
    })()
    const onOnline = () => void flush().then(loadList)
    const onOffline = () => setOnline(false)
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    const retry = setInterval(() => {
      void store.queued(event.id).then((q) => (q.length > 0 ? flush() : undefined))
      // The night is over: the list goes, whether or not anyone signs out.
      const s = snapshotRef.current
      if (s && s.wipeAfter <= Date.now()) void store.wipeExpired().then(() => setSnapshot(null))
    }, RETRY_MS)
    const relist = setInterval(() => void loadList(), SNAPSHOT_EVERY_MS)
    return () => {
      cancelled = true
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
      clearInterval(retry)
      clearInterval(relist)
    }
  }, [event.id, flush, loadList, refreshQueueCount, setSnapshot])

  // ------------------------------------------------------------------ live counts (one stream per screen)

  useEffect(() => {
    const refresh = () => void api.counts().then(setCounts, () => undefined)
    refresh()
    // Back from offline: the stream reconnects by itself, but the numbers should not wait for its next event.
    window.addEventListener('online', refresh)
    const source = new EventSource(api.streamUrl)
    source.addEventListener('open', () => setLive(true))
    source.addEventListener('error', () => setLive(false))
    source.addEventListener('counts', (e) => {
      try {
        setCounts(JSON.parse((e as MessageEvent<string>).data) as Counts)
        setLive(true)
      } catch {
        // a malformed event is skipped; the next one replaces it
      }
    })
    source.addEventListener('checkin', (e) => {
      try {
        const c = JSON.parse((e as MessageEvent<string>).data) as { hash?: string; ticketId?: number; status: 'admitted' | 'undone'; at: number }
        const s = snapshotRef.current
        if (s) setSnapshot(withCheckin(s, { hash: c.hash, ticketId: c.ticketId }, c.status === 'admitted' ? c.at : null))
      } catch {
        // as above
      }
    })
    return () => {
      window.removeEventListener('online', refresh)
      source.close()
    }
  }, [api, setSnapshot])

  // ------------------------------------------------------------------ the service worker (this page only)

  useEffect(() => {
    if (!('serviceWorker' in navigator)) return
    const scope = localePath(locale, '/staff/door/')
    void navigator.serviceWorker
      .register('/door-sw.js', { scope })
      .then(async (registration) => {
        const worker = registration.active ?? (await navigator.serviceWorker.ready).active
        // The first visit was not through the worker: hand it this page and the assets it loaded.
        const assets = performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((u) => u.startsWith(`${location.origin}/assets/`))
        worker?.postMessage({ type: 'keep', urls: [location.pathname, ...assets] })
        if (navigator.serviceWorker.controller) await warmUpScanner()
        else navigator.serviceWorker.addEventListener('controllerchange', () => void warmUpScanner().catch(() => undefined), { once: true })
      })
      .catch(() => undefined)
  }, [locale])

  // ------------------------------------------------------------------ verdicts

  const show = useCallback((verdict: Verdict, t0: number) => {
    setShown({ verdict, t0, ms: performance.now() - t0 })
    signal(verdict.status === 'admitted' || (verdict.status === 'member_card' && verdict.card?.valid) ? 'admit' : 'refuse')
  }, [])

  useEffect(() => {
    if (!shown) return
    const frame = requestAnimationFrame(() => {
      window.__doorTimings = [...(window.__doorTimings ?? []), { ms: performance.now() - shown.t0, offline: shown.verdict.offline === true }]
    })
    const timer = setTimeout(() => setShown(null), VERDICT_MS)
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [shown])

  useEffect(() => {
    if (!shown) inputRef.current?.focus({ preventScroll: true })
  }, [shown])

  /** One admission: online with a ~2 s limit, else on the device, queued with the same nonce. */
  const admit = useCallback(
    async (what: { code: string } | { ticketId: number }): Promise<Verdict | null> => {
      const nonce = store.newNonce()
      const scannedAt = Date.now()
      const deviceId = deviceRef.current || (await store.deviceId())
      try {
        const verdict = await api.redeem({ ...what, nonce, deviceId, scannedAt })
        setOnline(true)
        const s = snapshotRef.current
        if (s && verdict.status === 'admitted') {
          const hash = 'code' in what ? await codeHash(what.code) : null
          setSnapshot(withCheckin(s, { hash, ticketId: verdict.ticket?.id ?? ('ticketId' in what ? what.ticketId : null) }, verdict.checkedInAt ?? scannedAt))
        }
        void flush()
        return verdict
      } catch (error) {
        if (error instanceof Refused) return { status: 'refused', reason: (error.body as { reason?: string })?.reason === 'stale' ? 'stale' : 'unknown' }
        if (!(error instanceof Offline)) {
          failed(error)
          return null
        }
      }
      setOnline(false)
      const s = currentSnapshot()
      let verdict: Verdict
      let hash: string | null = null
      if ('code' in what) ({ verdict, hash } = await judgeOffline(s, what.code))
      else verdict = judgeTicketOffline(s, what.ticketId)
      if (verdict.status === 'admitted') {
        const item: QueuedAdmission = { nonce, eventId: event.id, scannedAt, deviceId, ...what }
        await store.enqueue(item)
        setSnapshot(withCheckin(s, { hash, ticketId: 'ticketId' in what ? what.ticketId : null }, scannedAt))
        await refreshQueueCount()
      }
      return verdict
    },
    [api, currentSnapshot, event.id, failed, flush, refreshQueueCount, setSnapshot],
  )

  const scan = useCallback(
    async (raw: string) => {
      const t0 = performance.now()
      const code = raw.trim()
      if (!code || code.length > MAX_CODE_LENGTH) {
        if (code) show({ status: 'refused', reason: 'unknown' }, t0)
        return
      }
      // A scanner that sends twice, or a double Enter: one admission.
      const now = Date.now()
      if (code === lastScan.current.code && now - lastScan.current.at < VERDICT_MS) return
      lastScan.current = { code, at: now }
      // Obvious garbage is refused here, with no round trip.
      if (readCode(code).kind === 'malformed' && !/^[A-Za-z0-9_-]{6,64}$/.test(code)) {
        show({ status: 'refused', reason: 'unknown' }, t0)
        return
      }
      const verdict = await admit({ code })
      if (verdict) show(verdict, t0)
    },
    [admit, show],
  )
  const scanRef = useRef(scan)
  scanRef.current = scan

  const onScanSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    unlockAudio()
    const input = inputRef.current
    if (!input) return
    const value = input.value
    input.value = ''
    void scan(value)
  }

  // A hardware scanner types wherever the focus is: bring stray keys back to the scan field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      unlockAudio()
      const el = document.activeElement
      if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && (!el || el === document.body || el.closest('[data-verdict]'))) {
        setShown(null)
        inputRef.current?.focus()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // ------------------------------------------------------------------ camera

  const [cameraOn, setCameraOn] = useState(false)
  const [cameraError, setCameraError] = useState(false)
  const videoRef = useRef<HTMLVideoElement>(null)
  useEffect(() => {
    if (!cameraOn || !videoRef.current) return
    let scanner: Scanner | null = null
    let stopped = false
    setCameraError(false)
    startScanner(videoRef.current, (code) => void scanRef.current(code)).then(
      (s) => {
        if (stopped) s.stop()
        else {
          scanner = s
          videoRef.current?.setAttribute('data-engine', s.engine)
        }
      },
      () => {
        setCameraError(true)
        setCameraOn(false)
      },
    )
    return () => {
      stopped = true
      scanner?.stop()
    }
  }, [cameraOn])

  // ------------------------------------------------------------------ search

  const [query, setQuery] = useState('')
  const [results, setResults] = useState<Result[] | null>(null)
  const [searchedOffline, setSearchedOffline] = useState(false)
  const [searchHint, setSearchHint] = useState<string | null>(null)

  const runSearch = useCallback(
    async (q: string) => {
      const text = q.trim().slice(0, 100)
      if (text.length < 2) {
        setSearchHint(t('search.tooShort'))
        setResults(null)
        return
      }
      setSearchHint(null)
      try {
        const { results: found } = await api.search(text)
        setOnline(true)
        setSearchedOffline(false)
        setResults(found)
        return
      } catch (error) {
        if (error instanceof Refused) {
          setResults([])
          return
        }
        failed(error)
        if (!(error instanceof Offline)) return
      }
      const s = currentSnapshot()
      const byOrder = await searchOfflineByOrder(s, text)
      setSearchedOffline(true)
      setResults(byOrder.length > 0 ? byOrder : searchOffline(s, text))
    },
    [api, currentSnapshot, failed, t],
  )

  const admitFromResults = async (ids: number[]) => {
    const t0 = performance.now()
    const verdicts: Verdict[] = []
    for (const ticketId of ids) {
      const v = await admit({ ticketId })
      if (v) verdicts.push(v)
    }
    const refused = verdicts.find((v) => v.status !== 'admitted')
    const names = verdicts
      .map((v) => v.ticket?.holder)
      .filter(Boolean)
      .join(', ')
    const first = verdicts[0]
    if (first) show(refused ?? { ...first, ticket: first.ticket ? { ...first.ticket, holder: names } : undefined }, t0)
    await runSearch(query)
  }

  const undo = async (r: Result) => {
    try {
      await api.undo({ ticketId: r.ticketId, nonce: store.newNonce() })
      setOnline(true)
      const s = snapshotRef.current
      if (s) setSnapshot(withCheckin(s, { ticketId: r.ticketId }, null))
      setNotice(t('search.undone', { name: r.holder }))
      await runSearch(query)
    } catch (error) {
      if (error instanceof Refused) setNotice(t('refusedRequest'))
      else if (error instanceof Offline) {
        setOnline(false)
        setNotice(t('search.undoOffline'))
      } else failed(error)
    }
  }

  const groups = useMemo(() => {
    const byOrder = new Map<string, Result[]>()
    for (const r of results ?? []) {
      const key = r.orderRef || r.orderHash || `t${r.ticketId}`
      byOrder.set(key, [...(byOrder.get(key) ?? []), r])
    }
    return [...byOrder.values()]
  }, [results])

  // ------------------------------------------------------------------ walk-in sales

  const [sale, setSale] = useState({ typeId: event.types[0]?.id ?? 0, quantity: 1, name: '', payment: 'cash' as 'cash' | 'card_reader', amount: '' })
  const salePrice = event.types.find((ty) => ty.id === sale.typeId)?.pricePence ?? 0
  const [saleMessage, setSaleMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [selling, setSelling] = useState(false)
  const sell = async (e: FormEvent) => {
    e.preventDefault()
    if (selling) return
    const amount = sale.amount.trim() === '' ? salePrice * sale.quantity : Math.round(Number(sale.amount.replace(',', '.')) * 100)
    if (!event.types.some((ty) => ty.id === sale.typeId) || !Number.isInteger(sale.quantity) || sale.quantity < 1 || sale.quantity > 10 || !Number.isSafeInteger(amount) || amount < 0) {
      setSaleMessage({ ok: false, text: t('walkIn.invalid') })
      return
    }
    setSelling(true)
    try {
      const name = sale.name.trim().slice(0, 120)
      const res = await api.walkIn({ ticketTypeId: sale.typeId, quantity: sale.quantity, holderName: name || undefined, payment: sale.payment, amountPence: amount, nonce: store.newNonce(), deviceId: deviceRef.current || undefined })
      setSaleMessage({ ok: true, text: t('walkIn.sold', { count: res.tickets.length }) })
      setSale((s) => ({ ...s, quantity: 1, name: '', amount: '' }))
      signal('admit')
      void loadList()
    } catch (error) {
      if (error instanceof Refused) {
        const message = typeof (error.body as { message?: unknown })?.message === 'string' ? (error.body as { message: string }).message : t('refusedRequest')
        setSaleMessage({ ok: false, text: t('walkIn.failed', { message }) })
      } else if (error instanceof Offline) {
        setOnline(false)
        setSaleMessage({ ok: false, text: t('walkIn.offline') })
      } else failed(error)
    } finally {
      setSelling(false)
    }
  }

  // ------------------------------------------------------------------ the page

  // Offline, the counts are what this device knows: its list and its own admissions.
  const shownCounts = useMemo<Counts | null>(() => {
    if ((online && counts) || !snapshot || snapshot.generatedAt === 0) return counts
    const valid = snapshot.tickets.filter((x) => x.status === 'valid')
    return {
      admitted: valid.filter((x) => x.checkedInAt).length,
      expected: valid.filter((x) => x.id > 0).length,
      byType: snapshot.types.map((ty) => {
        const of = valid.filter((x) => x.type === ty.id)
        return { typeId: ty.id, name: ty.name, admitted: of.filter((x) => x.checkedInAt).length, expected: of.length }
      }),
      updatedAt: Date.now(),
    }
  }, [online, counts, snapshot])

  const pounds = (pence: number) => (pence / 100).toFixed(2)
  const field = 'w-full rounded-lg border-2 border-neutral-500 bg-neutral-900 px-3 py-3 text-lg text-white placeholder:text-neutral-400 focus:border-yellow-300 focus:outline-none'
  const button = 'rounded-lg px-4 py-3 text-lg font-bold focus:outline-none focus-visible:ring-4 focus-visible:ring-yellow-300'

  return (
    <div className="-mx-4 -my-8 min-h-screen bg-neutral-950 px-3 py-3 text-white sm:-mx-6" data-door-screen data-online={online ? 'true' : 'false'}>
      {shown ? <VerdictView verdict={shown.verdict} ms={shown.ms} timeOf={timeOf} onDismiss={() => setShown(null)} /> : null}

      <header className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-xl font-bold">{t('title', { event: event.title })}</h1>
        <p
          role="status"
          data-connection={online ? 'online' : 'offline'}
          className={`rounded-full px-3 py-1 text-base font-bold ${online ? 'bg-green-700 text-white' : 'bg-yellow-300 text-black'}`}
        >
          {online ? t('online') : t('offline')}
        </p>
      </header>

      {!online && (!snapshot || snapshot.generatedAt === 0) ? <p className="mb-3 rounded-lg bg-yellow-300 p-3 text-black">{t('offlineNoList')}</p> : null}
      {signedOut ? (
        <p role="alert" className="mb-3 rounded-lg bg-red-700 p-3 text-lg font-bold">
          {t('signedOut')}
        </p>
      ) : null}

      <section aria-label={t('scanLabel')} className="mb-4">
        {cameraOn ? <video ref={videoRef} aria-label={t('cameraLabel')} className="mb-3 aspect-square w-full rounded-lg bg-black object-cover" muted playsInline /> : null}
        <form onSubmit={onScanSubmit} className="flex gap-2">
          <label htmlFor="door-code" className="sr-only">
            {t('scanLabel')}
          </label>
          <input
            ref={inputRef}
            id="door-code"
            name="code"
            autoFocus
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={MAX_CODE_LENGTH + 50}
            placeholder={t('scanLabel')}
            className={`${field} min-w-0 flex-1 font-mono`}
          />
          <button type="submit" className={`${button} bg-yellow-300 text-black`}>
            {t('scanButton')}
          </button>
        </form>
        <p className="mt-2 text-sm text-neutral-300">{t('scanHint')}</p>
        <button type="button" onClick={() => (unlockAudio(), setCameraOn((on) => !on))} className={`${button} mt-2 w-full border-2 border-white`}>
          {cameraOn ? t('cameraStop') : t('cameraStart')}
        </button>
        {cameraError ? (
          <p role="alert" className="mt-2 text-yellow-300">
            {t('cameraDenied')}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="door-counts" className="mb-4 rounded-lg bg-neutral-900 p-3">
        <div className="flex items-center justify-between">
          <h2 id="door-counts" className="text-lg font-bold">
            {t('counts.heading')}
          </h2>
          <span className={`text-sm ${live ? 'text-green-400' : 'text-yellow-300'}`}>{live ? t('counts.live') : t('counts.stale')}</span>
        </div>
        {shownCounts ? (
          <>
            <p className="text-3xl font-black" data-counts-admitted={shownCounts.admitted} data-counts-expected={shownCounts.expected}>
              {t('counts.admitted', { admitted: shownCounts.admitted, expected: shownCounts.expected })}
            </p>
            <ul className="mt-1 text-base text-neutral-200">
              {shownCounts.byType.map((b) => (
                <li key={b.typeId}>{t('counts.byType', { name: b.name, admitted: b.admitted, expected: b.expected })}</li>
              ))}
            </ul>
          </>
        ) : null}
        <p className="mt-2 text-sm text-neutral-300" data-queue={queueCount}>
          {queueCount > 0 ? t('queued', { count: queueCount }) : null}
          {snapshot && snapshot.generatedAt > 0 ? (
            <span className="block">{t('listFrom', { time: timeOf(snapshot.generatedAt), count: snapshot.tickets.filter((x) => x.id > 0).length })}</span>
          ) : null}
        </p>
      </section>

      {conflicts.length > 0 ? (
        <section aria-labelledby="door-conflicts" className="mb-4 rounded-lg border-2 border-yellow-300 p-3" data-conflicts={conflicts.length}>
          <h2 id="door-conflicts" className="text-lg font-bold text-yellow-300">
            {t('conflicts.heading')}
          </h2>
          <ul className="mt-1 space-y-1">
            {conflicts.map((c) => (
              <li key={c.nonce}>
                {t('conflicts.item', {
                  holder: c.holder,
                  ours: timeOf(c.ourAt),
                  theirs: c.theirAt ? timeOf(c.theirAt) : '—',
                  by: c.theirBy ?? t('conflicts.unknownBy'),
                  device: c.theirDevice ?? '—',
                })}
              </li>
            ))}
          </ul>
          <button type="button" className={`${button} mt-2 border-2 border-yellow-300`} onClick={() => setConflicts([])}>
            {t('conflicts.dismiss')}
          </button>
        </section>
      ) : null}

      {notice ? (
        <p role="status" className="mb-4 rounded-lg bg-neutral-800 p-3">
          {notice}
        </p>
      ) : null}

      <section aria-labelledby="door-search" className="mb-4">
        <h2 id="door-search" className="mb-2 text-lg font-bold">
          {t('search.heading')}
        </h2>
        <form
          role="search"
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault()
            void runSearch(query)
          }}
        >
          <label htmlFor="door-search-q" className="sr-only">
            {t('search.label')}
          </label>
          <input id="door-search-q" type="search" value={query} maxLength={100} onChange={(e) => setQuery(e.target.value)} placeholder={t('search.label')} className={`${field} min-w-0 flex-1`} />
          <button type="submit" className={`${button} bg-white text-black`}>
            {t('search.button')}
          </button>
        </form>
        {searchHint ? <p className="mt-2 text-yellow-300">{searchHint}</p> : null}
        {results ? (
          <div className="mt-2" data-results={results.length}>
            {searchedOffline ? <p className="mb-2 text-sm text-yellow-300">{t('search.offlineNote')}</p> : null}
            {results.length === 0 ? <p>{t('search.none')}</p> : null}
            <ul className="space-y-2">
              {groups.map((group) => {
                const waiting = group.filter((r) => !r.checkedInAt && r.status === 'valid')
                return (
                  <li key={group[0]!.ticketId} className="rounded-lg bg-neutral-900 p-3">
                    {group[0]!.orderRef ? <p className="text-sm text-neutral-300">{t('search.order', { ref: group[0]!.orderRef })}</p> : null}
                    <ul className="space-y-2">
                      {group.map((r) => (
                        <li key={r.ticketId} className="flex items-center justify-between gap-2" data-ticket={r.ticketId}>
                          <div>
                            <p className="text-lg font-bold">{r.holder}</p>
                            <p className="text-sm text-neutral-300">
                              {r.type} · {r.checkedInAt ? t('search.checkedIn', { time: timeOf(r.checkedInAt) }) : t(`search.status_${r.status === 'void' || r.status === 'unpaid' ? r.status : 'valid'}`)}
                            </p>
                          </div>
                          {r.checkedInAt ? (
                            <button type="button" className={`${button} border-2 border-white`} onClick={() => void undo(r)}>
                              {t('search.undo')}
                            </button>
                          ) : r.status === 'valid' ? (
                            <button type="button" className={`${button} bg-green-700`} onClick={() => void admitFromResults([r.ticketId])}>
                              {t('search.admit')}
                            </button>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                    {waiting.length > 1 ? (
                      <button type="button" className={`${button} mt-2 w-full bg-green-700`} onClick={() => void admitFromResults(waiting.map((r) => r.ticketId))}>
                        {t('search.admitOrder', { count: waiting.length })}
                      </button>
                    ) : null}
                  </li>
                )
              })}
            </ul>
          </div>
        ) : null}
      </section>

      {event.types.length > 0 ? (
        <details className="mb-4 rounded-lg bg-neutral-900 p-3">
          <summary className="cursor-pointer text-lg font-bold">{t('walkIn.heading')}</summary>
          <form onSubmit={sell} className="mt-3 space-y-3" noValidate>
            <div>
              <label htmlFor="sale-type" className="mb-1 block">
                {t('walkIn.type')}
              </label>
              <select id="sale-type" className={field} value={sale.typeId} onChange={(e) => setSale({ ...sale, typeId: Number(e.target.value), amount: '' })}>
                {event.types.map((ty) => (
                  <option key={ty.id} value={ty.id}>
                    {ty.name} · £{pounds(ty.pricePence)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="sale-quantity" className="mb-1 block">
                {t('walkIn.quantity')}
              </label>
              <input id="sale-quantity" type="number" inputMode="numeric" min={1} max={10} className={field} value={sale.quantity} onChange={(e) => setSale({ ...sale, quantity: Number(e.target.value), amount: '' })} />
            </div>
            <div>
              <label htmlFor="sale-name" className="mb-1 block">
                {t('walkIn.name')}
              </label>
              <input id="sale-name" maxLength={120} autoComplete="off" className={field} value={sale.name} onChange={(e) => setSale({ ...sale, name: e.target.value })} />
            </div>
            <fieldset>
              <legend className="mb-1">{t('walkIn.payment')}</legend>
              <div className="flex gap-4">
                {(['cash', 'card_reader'] as const).map((p) => (
                  <label key={p} className="flex items-center gap-2 text-lg">
                    <input type="radio" name="payment" value={p} checked={sale.payment === p} onChange={() => setSale({ ...sale, payment: p })} className="h-6 w-6" />
                    {t(p === 'cash' ? 'walkIn.cash' : 'walkIn.cardReader')}
                  </label>
                ))}
              </div>
            </fieldset>
            <div>
              <label htmlFor="sale-amount" className="mb-1 block">
                {t('walkIn.amount')}
              </label>
              <input id="sale-amount" inputMode="decimal" className={field} value={sale.amount} placeholder={pounds(salePrice * (sale.quantity || 0))} onChange={(e) => setSale({ ...sale, amount: e.target.value })} />
            </div>
            <button type="submit" disabled={selling} className={`${button} w-full bg-yellow-300 text-black disabled:opacity-60`}>
              {t('walkIn.submit')}
            </button>
            {saleMessage ? (
              <p role="status" className={saleMessage.ok ? 'text-green-400' : 'text-yellow-300'}>
                {saleMessage.text}
              </p>
            ) : null}
          </form>
        </details>
      ) : null}

      <p className="text-sm text-neutral-400">{staffName}</p>
    </div>
  )
}
