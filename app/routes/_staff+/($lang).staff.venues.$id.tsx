// Staff: create or edit a venue.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FormNotice, TextArea, TextField } from '~/calendar/components'
import { parseVenueForm, valuesOf, type FieldErrors, type FormValues } from '~/calendar/forms.server'
import { getVenue, saveVenue, VenueSlugTakenError } from '~/calendar/venues.server'
import { getT } from '~/i18n/i18n'
import { localePath } from '~/i18n/locale'
import { LocaleLink } from '~/ui/locale-link'
import { readFormData } from '~/utils/form.server'
import { notFound } from '~/utils/http.server'
import { getDb } from '#db/client.server'
import { startStaffEdit } from '~/calendar/staff-edit.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, id } = await startStaffEdit(params, request)
  let values: FormValues = {}
  if (id !== null) {
    const v = getVenue(getDb(), id)
    if (!v) throw notFound()
    values = { slug: v.slug, nameEn: v.nameEn, nameRu: v.nameRu, addressEn: v.addressEn, addressRu: v.addressRu, directionsEn: v.directionsEn, directionsRu: v.directionsRu }
  }
  const tc = getT(locale, 'calendar')
  return { id, values, title: `${id === null ? tc('staff.newVenue') : tc('staff.editVenue')} — ${getT(locale)('club')}` }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: 'robots', content: 'noindex' }]

type ActionResult = { errors: FieldErrors; values: FormValues }

export async function action({ params, request }: ActionFunctionArgs) {
  const { locale, viewer, id } = await startStaffEdit(params, request)
  const db = getDb()
  if (id !== null && !getVenue(db, id)) throw notFound()
  const form = await readFormData(request)
  const values = valuesOf(form)
  const parsed = parseVenueForm(form)
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values }, { status: 400 })
  try {
    const saved = saveVenue(db, id, parsed.input, viewer.id)
    return redirect(localePath(locale, `/staff/venues/${saved}?done=saved`))
  } catch (error) {
    if (error instanceof VenueSlugTakenError) return data<ActionResult>({ errors: { slug: 'slugTaken' }, values }, { status: 400 })
    throw error
  }
}

export default function StaffVenueEdit() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionResult | undefined
  const { t } = useTranslation('calendar')
  const [search] = useSearchParams()
  const values = actionData?.values ?? loaderData.values
  const errors = actionData?.errors ?? {}
  const common = { values, errors }
  const f = (k: string) => t(`staff.fields.${k}`)
  return (
    <>
      <p className="text-sm">
        <LocaleLink to="/staff/venues" className="link">
          ← {t('staff.venues')}
        </LocaleLink>
      </p>
      <h1 className="mt-2 font-serif text-3xl">{loaderData.id === null ? t('staff.newVenue') : t('staff.editVenue')}</h1>
      <div className="mt-4">
        {Object.keys(errors).length > 0 ? <FormNotice kind="error">{t('staff.formHasErrors')}</FormNotice> : null}
        {!actionData && search.get('done') === 'saved' ? <FormNotice kind="ok">{t('staff.saved')}</FormNotice> : null}
      </div>
      <Form method="post" className="mt-4 grid gap-4 sm:grid-cols-2" noValidate>
        <TextField name="nameEn" label={f('nameEn')} lang="en" required {...common} />
        <TextField name="nameRu" label={f('nameRu')} lang="ru" required {...common} />
        <TextField name="addressEn" label={f('addressEn')} lang="en" required {...common} />
        <TextField name="addressRu" label={f('addressRu')} lang="ru" required {...common} />
        <TextArea name="directionsEn" label={f('directionsEn')} lang="en" rows={3} {...common} />
        <TextArea name="directionsRu" label={f('directionsRu')} lang="ru" rows={3} {...common} />
        <TextField name="slug" label={f('slug')} hint={f('slugHint')} {...common} />
        <div className="sm:col-span-2">
          <button type="submit" className="btn btn-primary">
            {t('staff.actions.save')}
          </button>
        </div>
      </Form>
    </>
  )
}
