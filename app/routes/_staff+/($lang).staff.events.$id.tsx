// Staff: create (/staff/events/new) or edit an event. Every text in both languages; London wall-clock
// times typed, instants stored. Errors appear beside their field, in the staff member's language,
// and a form that fails to save comes back with everything that was typed.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useNavigation } from '@remix-run/react'
import { FormNotice, SelectField, StaffFormNotices, TextArea, TextField, useStaffForm } from '~/calendar/components'
import { KINDS, LANGUAGES, MAX_SPEAKERS } from '~/calendar/constants'
import { changeEventStatus, getEventForStaff, saveEvent, SlugTakenError, type StatusChange } from '~/calendar/events.server'
import { parseEventForm, valuesOf, type FormValues } from '~/calendar/forms.server'
import { listSpeakersForStaff } from '~/calendar/speakers.server'
import { refusedSave, staffPageTitle, startStaffEdit } from '~/calendar/staff-edit.server'
import { toLondonLocal } from '~/calendar/time'
import { listVenues } from '~/calendar/venues.server'
import { localePath } from '~/i18n/locale'
import { LocaleLink } from '~/ui/locale-link'
import { StaffHeader, staffMeta } from '~/ui/staff-header'
import { readFormData } from '~/utils/form.server'
import { notFound } from '~/utils/http.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, id, db, record: e } = await startStaffEdit(params, request, getEventForStaff)
  let values: FormValues = { kind: 'talk', language: 'ru', duration: '120', capacity: '60', time: '19:00' }
  let status: 'draft' | 'published' | 'cancelled' = 'draft'
  let slug = ''
  if (e) {
    const { date, time } = toLondonLocal(e.startsAt)
    status = e.status
    slug = e.slug
    values = {
      slug: e.slug,
      kind: e.kind,
      language: e.language,
      titleEn: e.titleEn,
      titleRu: e.titleRu,
      summaryEn: e.summaryEn,
      summaryRu: e.summaryRu,
      descriptionEn: e.descriptionEn,
      descriptionRu: e.descriptionRu,
      date,
      time,
      duration: String(Math.round((e.endsAt - e.startsAt) / 60_000)),
      venueId: e.venueId ? String(e.venueId) : '',
      addressHidden: e.addressHidden ? 'on' : '',
      capacity: String(e.capacity),
      ...Object.fromEntries(e.speakerIds.map((sid, i) => [`speaker${i}`, String(sid)])),
    }
  }
  return {
    id,
    status,
    slug,
    values,
    venues: listVenues(db).map((v) => ({ value: String(v.id), label: locale === 'ru' ? v.nameRu : v.nameEn })),
    speakers: listSpeakersForStaff(db).map((s) => ({ value: String(s.id), label: locale === 'ru' ? `${s.nameRu} (${s.nameEn})` : `${s.nameEn} (${s.nameRu})` })),
    title: staffPageTitle(locale, id === null ? 'staff.newEvent' : 'staff.editEvent'),
  }
}

export const meta: MetaFunction<typeof loader> = staffMeta

export async function action({ params, request }: ActionFunctionArgs) {
  const { locale, viewer, id, db } = await startStaffEdit(params, request, getEventForStaff)
  const form = await readFormData(request)
  const intent = String(form.get('intent') ?? 'save')
  const here = (eventIdNow: number, flag: string) => localePath(locale, `/staff/events/${eventIdNow}?done=${flag}`)

  if ((intent === 'unpublish' || intent === 'cancel') && id !== null) {
    const result = changeEventStatus(db, id, intent as StatusChange, viewer.id)
    if (!result.ok) return redirect(here(id, `error-${result.error}`))
    return redirect(here(id, intent === 'cancel' ? 'cancelled' : 'unpublished'))
  }
  if (intent !== 'save' && intent !== 'publish') throw notFound()

  const values = valuesOf(form)
  const parsed = parseEventForm(db, form)
  if (!parsed.ok) return refusedSave(parsed.errors, values)
  let savedId: number
  try {
    savedId = saveEvent(db, id, parsed.input, viewer.id)
  } catch (error) {
    if (error instanceof SlugTakenError) return refusedSave({ slug: 'slugTaken' }, values)
    throw error
  }
  let flag = 'saved'
  if (intent === 'publish') {
    const result = changeEventStatus(db, savedId, 'publish', viewer.id)
    flag = result.ok ? 'published' : 'saved'
  }
  return redirect(here(savedId, parsed.ambiguous ? `${flag}-ambiguous` : flag))
}

export default function StaffEventEdit() {
  const loaderData = useLoaderData<typeof loader>()
  const { t, f, common, values, hasErrors, done } = useStaffForm(loaderData.values)
  const navigation = useNavigation()
  const locked = loaderData.status !== 'draft'
  const speakerRows = Math.min(MAX_SPEAKERS, Math.max(3, Object.keys(values).filter((k) => /^speaker\d+$/.test(k) && values[k]).length + 2))
  return (
    <>
      <StaffHeader
        back={{ to: '/staff/events', label: t('staff.events') }}
        title={loaderData.id === null ? t('staff.newEvent') : t('staff.editEvent')}
        actions={
          loaderData.id !== null ? (
            <p className="flex items-center gap-3 text-sm">
              <span className="rounded bg-ink/10 px-2 py-0.5 font-semibold" data-testid="event-status">
                {t(`staff.status.${loaderData.status}`)}
              </span>
              {loaderData.status !== 'draft' ? (
                <LocaleLink to={`/events/${loaderData.slug}`} className="link">
                  {t('staff.view')}
                </LocaleLink>
              ) : null}
            </p>
          ) : null
        }
      />

      <StaffFormNotices hasErrors={hasErrors} saved={Boolean(done?.startsWith('saved'))}>
        {done?.startsWith('published') ? <FormNotice kind="ok">{t('staff.published')}</FormNotice> : null}
        {done === 'unpublished' ? <FormNotice kind="ok">{t('staff.unpublished')}</FormNotice> : null}
        {done === 'cancelled' ? <FormNotice kind="ok">{t('staff.cancelled')}</FormNotice> : null}
        {done?.startsWith('error-') ? <FormNotice kind="error">{t(`staff.errors.${done.slice(6) === 'hasOrders' ? 'hasOrders' : 'notAllowed'}`)}</FormNotice> : null}
        {done?.endsWith('-ambiguous') ? <FormNotice kind="info">{t('staff.ambiguousTime')}</FormNotice> : null}
      </StaffFormNotices>

      <Form method="post" className="mt-4 space-y-6" noValidate>
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <TextField name="titleEn" label={f('titleEn')} lang="en" required {...common} />
          <TextField name="titleRu" label={f('titleRu')} lang="ru" required {...common} />
          <TextField name="summaryEn" label={f('summaryEn')} lang="en" {...common} />
          <TextField name="summaryRu" label={f('summaryRu')} lang="ru" {...common} />
          <TextArea name="descriptionEn" label={f('descriptionEn')} lang="en" rows={8} {...common} />
          <TextArea name="descriptionRu" label={f('descriptionRu')} lang="ru" rows={8} {...common} />
        </fieldset>
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <SelectField name="kind" label={f('kind')} options={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} {...common} />
          <SelectField name="language" label={f('language')} options={LANGUAGES.map((l) => ({ value: l, label: t(`languageShort.${l}`) }))} {...common} />
          <TextField
            name="slug"
            label={f('slug')}
            hint={locked ? f('slugLocked') : f('slugHint')}
            readOnly={locked}
            {...common}
          />
        </fieldset>
        <fieldset className="grid gap-4 sm:grid-cols-3">
          <TextField name="date" type="date" label={f('date')} required {...common} />
          <TextField name="time" type="time" label={f('time')} hint={f('timeHint')} required {...common} />
          <TextField name="duration" type="number" inputMode="numeric" label={f('duration')} required {...common} />
        </fieldset>
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <SelectField name="venueId" label={f('venue')} blank={f('noVenue')} options={loaderData.venues} {...common} />
          <TextField name="capacity" type="number" inputMode="numeric" label={f('capacity')} {...common} />
          <div className="sm:col-span-2">
            <label className="flex items-start gap-3">
              <input
                type="checkbox"
                name="addressHidden"
                defaultChecked={values.addressHidden === 'on'}
                aria-describedby="addressHidden-hint"
                className="mt-1 h-5 w-5"
              />
              <span>
                <span className="font-semibold">{f('addressHidden')}</span>
                <span id="addressHidden-hint" className="block text-sm text-muted">
                  {f('addressHiddenHint')}
                </span>
              </span>
            </label>
          </div>
        </fieldset>
        <fieldset>
          <legend className="field-label">{f('speakers')}</legend>
          <div className="grid gap-3 sm:grid-cols-3">
            {Array.from({ length: speakerRows }, (_, i) => (
              <SelectField key={i} name={`speaker${i}`} label={t('staff.fields.speakerN', { n: i + 1 })} blank={f('none')} options={loaderData.speakers} {...common} />
            ))}
          </div>
        </fieldset>
        <div className="flex flex-wrap gap-3 border-t border-ink/10 pt-4">
          <button type="submit" name="intent" value="save" className="btn btn-secondary" disabled={navigation.state === 'submitting'}>
            {loaderData.status === 'draft' ? t('staff.actions.saveDraft') : t('staff.actions.save')}
          </button>
          {loaderData.status === 'draft' ? (
            <button type="submit" name="intent" value="publish" className="btn btn-primary" disabled={navigation.state === 'submitting'}>
              {t('staff.actions.publish')}
            </button>
          ) : null}
        </div>
      </Form>

      {loaderData.id !== null && loaderData.status !== 'draft' ? (
        <div className="mt-8 flex flex-wrap gap-3 border-t border-ink/10 pt-4">
          {loaderData.status === 'published' ? (
            <Form method="post">
              <button type="submit" name="intent" value="unpublish" className="btn btn-secondary">
                {t('staff.actions.unpublish')}
              </button>
            </Form>
          ) : null}
          {loaderData.status !== 'cancelled' ? (
            <Form method="post">
              <button type="submit" name="intent" value="cancel" className="btn btn-secondary border-accent text-accent" title={t('staff.actions.cancelConfirm')}>
                {t('staff.actions.cancel')}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </>
  )
}
