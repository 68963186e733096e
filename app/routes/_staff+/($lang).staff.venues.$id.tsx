// Staff: create or edit a venue.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { StaffFormNotices, TextArea, TextField, useStaffForm } from '~/calendar/components'
import { parseVenueForm, valuesOf, type FormValues } from '~/calendar/forms.server'
import { refusedSave, staffPageTitle, startStaffEdit } from '~/calendar/staff-edit.server'
import { getVenue, saveVenue, VenueSlugTakenError } from '~/calendar/venues.server'
import { localePath } from '~/i18n/locale'
import { StaffHeader, staffMeta } from '~/ui/staff-header'
import { readFormData } from '~/utils/form.server'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, id, record: v } = await startStaffEdit(params, request, getVenue)
  let values: FormValues = {}
  if (v) {
    values = { slug: v.slug, nameEn: v.nameEn, nameRu: v.nameRu, addressEn: v.addressEn, addressRu: v.addressRu, directionsEn: v.directionsEn, directionsRu: v.directionsRu }
  }
  return { id, values, title: staffPageTitle(locale, id === null ? 'staff.newVenue' : 'staff.editVenue') }
}

export const meta: MetaFunction<typeof loader> = staffMeta

export async function action({ params, request }: ActionFunctionArgs) {
  const { locale, viewer, id, db } = await startStaffEdit(params, request, getVenue)
  const form = await readFormData(request)
  const values = valuesOf(form)
  const parsed = parseVenueForm(form)
  if (!parsed.ok) return refusedSave(parsed.errors, values)
  try {
    const saved = saveVenue(db, id, parsed.input, viewer.id)
    return redirect(localePath(locale, `/staff/venues/${saved}?done=saved`))
  } catch (error) {
    if (error instanceof VenueSlugTakenError) return refusedSave({ slug: 'slugTaken' }, values)
    throw error
  }
}

export default function StaffVenueEdit() {
  const loaderData = useLoaderData<typeof loader>()
  const { t, f, common, hasErrors, done } = useStaffForm(loaderData.values)
  return (
    <>
      <StaffHeader back={{ to: '/staff/venues', label: t('staff.venues') }} title={loaderData.id === null ? t('staff.newVenue') : t('staff.editVenue')} />
      <StaffFormNotices hasErrors={hasErrors} saved={done === 'saved'} />
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
