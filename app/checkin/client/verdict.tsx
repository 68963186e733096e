// The verdict, filling the screen: green to admit, red to refuse with the reason, read at a glance
// in the dark. It goes by itself after ~1.5 s (or a tap), and the scanner is ready again.
import { useTranslation } from 'react-i18next'
import type { Verdict } from './types'

export function VerdictView({ verdict, ms, timeOf, onDismiss }: { verdict: Verdict; ms: number; timeOf: (at: number) => string; onDismiss: () => void }) {
  const { t } = useTranslation('door-screen')
  const ok = verdict.status === 'admitted' || (verdict.status === 'member_card' && verdict.card?.valid === true)
  const headline =
    verdict.status === 'member_card'
      ? t(verdict.card?.valid ? 'verdict.memberValid' : 'verdict.memberInvalid')
      : t(verdict.status === 'admitted' ? 'verdict.admitted' : 'verdict.refused')
  const details: string[] = []
  // The reasons' words are shared with the door API's answers (door.ts).
  if (verdict.reason) details.push(t(`reasons.${verdict.reason}`, { ns: 'door' }))
  if (verdict.reason === 'already_checked_in') {
    const when = verdict.checkedInAt ? t('verdict.when', { time: timeOf(verdict.checkedInAt) }) : ''
    const who = verdict.by?.name ? t('verdict.byWhom', { name: verdict.by.name }) : ''
    const device = verdict.by?.deviceId ? t('verdict.device', { device: verdict.by.deviceId }) : ''
    const line = [when, who, device].filter(Boolean).join(', ')
    if (line) details.push(line)
  }
  if (verdict.conflict) details.push(t('verdict.conflict'))
  if (verdict.notOnList) details.push(t('verdict.notOnList'))
  if (verdict.card?.name) details.push(verdict.card.name)
  if (verdict.card?.plan) details.push(verdict.card.plan)
  if (verdict.card?.validUntil) details.push(t('verdict.validUntil', { date: verdict.card.validUntil }))
  return (
    <div
      role="alert"
      aria-live="assertive"
      data-verdict={verdict.status === 'member_card' ? (ok ? 'card-valid' : 'card-invalid') : verdict.status}
      data-reason={verdict.reason ?? ''}
      data-offline={verdict.offline ? 'true' : 'false'}
      data-ms={ms.toFixed(1)}
      onClick={onDismiss}
      className={`fixed inset-0 z-50 flex flex-col items-center justify-center gap-4 p-6 text-center text-white ${ok ? 'bg-green-800' : 'bg-red-800'}`}
    >
      <p aria-hidden="true" className="text-[8rem] font-black leading-none">
        {ok ? '✓' : '✕'}
      </p>
      <p className="text-4xl font-black uppercase tracking-wide break-words">{headline}</p>
      {verdict.ticket ? (
        <p className="text-3xl font-bold">
          {verdict.ticket.holder}
          {verdict.ticket.type ? <span className="block text-2xl font-semibold">{verdict.ticket.type}</span> : null}
          {verdict.ticket.member ? <span className="mt-1 block text-xl">{t('verdict.member')}</span> : null}
        </p>
      ) : null}
      {details.map((line) => (
        <p key={line} className="text-2xl font-semibold">
          {line}
        </p>
      ))}
      {verdict.offline ? <p className="mt-2 rounded bg-black/40 px-3 py-1 text-lg">{t('verdict.offline')}</p> : null}
      <button type="button" onClick={onDismiss} className="mt-6 rounded-lg border-2 border-white px-8 py-3 text-xl font-bold">
        {t('verdict.dismiss')}
      </button>
    </div>
  )
}
