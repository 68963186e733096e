// Staff: create or edit a speaker, with a photo that the server checks, resizes and re-encodes.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Field, SelectField, SpeakerFace, StaffFormNotices, TextArea, TextField, useStaffForm } from '~/calendar/components'
import { LINK_KINDS, MAX_LINKS } from '~/calendar/constants'
import { speakerPhotoUrl } from '~/calendar/events.server'
import { parseSpeakerForm, valuesOf, type FieldErrors, type FormValues } from '~/calendar/forms.server'
import { deleteUpload, photoFromForm, processPhoto, readMultipartForm, storeSpeakerPhoto } from '~/calendar/photo.server'
import { getSpeakerForStaff, saveSpeaker, SpeakerSlugTakenError } from '~/calendar/speakers.server'
import { refusedSave, staffPageTitle, startStaffEdit } from '~/calendar/staff-edit.server'
import { localePath } from '~/i18n/locale'
import { LocaleLink } from '~/ui/locale-link'
import { StaffHeader, staffMeta } from '~/ui/staff-header'

export async function loader({ params, request }: LoaderFunctionArgs) {
  const { locale, id, record: s } = await startStaffEdit(params, request, getSpeakerForStaff)
  let values: FormValues = {}
  let photoUrl: string | null = null
  let slug = ''
  if (s) {
    photoUrl = speakerPhotoUrl(s.photoPath)
    slug = s.slug
    values = {
      slug: s.slug,
      nameEn: s.nameEn,
      nameRu: s.nameRu,
      roleEn: s.roleEn,
      roleRu: s.roleRu,
      bioEn: s.bioEn,
      bioRu: s.bioRu,
      ...Object.fromEntries(s.links.flatMap((l, i) => [[`linkKind${i}`, l.kind], [`linkUrl${i}`, l.url]])),
    }
  }
  return { id, slug, values, photoUrl, title: staffPageTitle(locale, id === null ? 'staff.newSpeaker' : 'staff.editSpeaker') }
}

export const meta: MetaFunction<typeof loader> = staffMeta

export async function action({ params, request }: ActionFunctionArgs) {
  const { locale, viewer, id, db } = await startStaffEdit(params, request, getSpeakerForStaff)
  const form = await readMultipartForm(request)
  const values = valuesOf(form)
  const parsed = parseSpeakerForm(form)
  const errors: FieldErrors = parsed.ok ? {} : { ...parsed.errors }
  const photo = await photoFromForm(form)
  let processed: Buffer | null = null
  if (!photo.ok) errors.photo = photo.error === 'tooLarge' ? 'photoTooLarge' : 'photoNotImage'
  else if (photo.buffer) {
    processed = await processPhoto(photo.buffer)
    if (!processed) errors.photo = 'photoNotImage'
  }
  if (!parsed.ok || Object.keys(errors).length > 0) return refusedSave(errors, values)
  const stored = processed ? storeSpeakerPhoto(processed, parsed.input.slug) : undefined
  const photoPath = stored ?? (form.get('removePhoto') === 'on' ? null : undefined)
  try {
    const result = saveSpeaker(db, id, { ...parsed.input, photoPath }, viewer.id)
    if (result.replacedPhoto) deleteUpload(result.replacedPhoto)
    return redirect(localePath(locale, `/staff/speakers/${result.id}?done=saved`))
  } catch (error) {
    // Nothing half-saved: the photo written for a speaker that was not saved goes too.
    if (stored) deleteUpload(stored)
    if (error instanceof SpeakerSlugTakenError) return refusedSave({ slug: 'slugTaken' }, values)
    throw error
  }
}

export default function StaffSpeakerEdit() {
  const loaderData = useLoaderData<typeof loader>()
  const { t, f, common, values, errors, hasErrors, done } = useStaffForm(loaderData.values)
  return (
    <>
      <StaffHeader
        back={{ to: '/staff/speakers', label: t('staff.speakers') }}
        title={loaderData.id === null ? t('staff.newSpeaker') : t('staff.editSpeaker')}
        actions={
          loaderData.slug ? (
            <LocaleLink to={`/speakers/${loaderData.slug}`} className="link text-sm">
              {t('staff.view')}
            </LocaleLink>
          ) : null
        }
      />
      <StaffFormNotices hasErrors={hasErrors} saved={done === 'saved'} />
      <Form method="post" encType="multipart/form-data" className="mt-4 space-y-6" noValidate>
        <fieldset className="grid gap-4 sm:grid-cols-2">
          <TextField name="nameEn" label={f('nameEn')} lang="en" required {...common} />
          <TextField name="nameRu" label={f('nameRu')} lang="ru" required {...common} />
          <TextField name="roleEn" label={f('roleEn')} lang="en" {...common} />
          <TextField name="roleRu" label={f('roleRu')} lang="ru" {...common} />
          <TextArea name="bioEn" label={f('bioEn')} lang="en" rows={6} {...common} />
          <TextArea name="bioRu" label={f('bioRu')} lang="ru" rows={6} {...common} />
          <TextField name="slug" label={f('slug')} hint={f('slugHint')} {...common} />
        </fieldset>
        <fieldset className="flex flex-wrap items-start gap-4">
          {loaderData.photoUrl ? <SpeakerFace name={values.nameEn ?? ''} photoUrl={loaderData.photoUrl} /> : null}
          <div className="min-w-0 flex-1">
            <Field name="photo" label={f('photo')} hint={f('photoHint')} errors={errors}>
              <input
                id="photo"
                name="photo"
                type="file"
                accept="image/jpeg,image/png,image/webp"
                aria-invalid={errors.photo ? true : undefined}
                aria-describedby={`photo-hint${errors.photo ? ' photo-error' : ''}`}
                className="field-input"
              />
            </Field>
            {loaderData.photoUrl ? (
              <label className="mt-2 flex items-center gap-2 text-sm">
                <input type="checkbox" name="removePhoto" className="h-4 w-4" /> {f('removePhoto')}
              </label>
            ) : null}
          </div>
        </fieldset>
        <fieldset>
          <legend className="field-label">{f('links')}</legend>
          <div className="space-y-3">
            {Array.from({ length: MAX_LINKS }, (_, i) => (
              <div key={i} className="grid gap-3 sm:grid-cols-[12rem_1fr]">
                <SelectField
                  name={`linkKind${i}`}
                  label={t('staff.fields.linkKind', { n: i + 1 })}
                  options={LINK_KINDS.map((k) => ({ value: k, label: t(`speakers.link.${k}`) }))}
                  {...common}
                />
                <TextField name={`linkUrl${i}`} type="url" label={t('staff.fields.linkUrl', { n: i + 1 })} {...common} />
              </div>
            ))}
          </div>
        </fieldset>
        <div className="border-t border-ink/10 pt-4">
          <button type="submit" className="btn btn-primary">
            {t('staff.actions.save')}
          </button>
        </div>
      </Form>
    </>
  )
}
