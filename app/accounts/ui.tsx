/** Form parts of the accounts' pages: labelled fields with their errors beside them, the honeypot. */
import type { FieldMetadata } from '@conform-to/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Field = FieldMetadata<any, any, string[]>

export function TextField({
  field,
  label,
  type = 'text',
  autoComplete,
  hint,
  keepValue = true,
  inputMode,
}: {
  field: Field
  label: string
  type?: 'text' | 'email' | 'password'
  autoComplete?: string
  hint?: string
  keepValue?: boolean
  inputMode?: 'numeric'
}) {
  const errorId = field.errorId
  const hintId = `${field.id}-hint`
  const describedBy = [hint ? hintId : null, field.errors?.length ? errorId : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="mt-4">
      <label htmlFor={field.id} className="field-label">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="mb-1 text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <input
        id={field.id}
        name={field.name}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        defaultValue={keepValue && typeof field.initialValue === 'string' ? field.initialValue : undefined}
        aria-invalid={field.errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className="field-input"
      />
      <FieldErrors id={errorId} errors={field.errors} />
    </div>
  )
}

export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <p id={id} className="field-error" role="alert">
      {errors.join(' ')}
    </p>
  )
}

export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <div id={id} role="alert" className="mt-4 rounded border border-accent/40 bg-accent/5 p-3 text-accent">
      {errors.join(' ')}
    </div>
  )
}

/** Hidden from people and from assistive technology; bots that fill every field fill this one. */
export function Honeypot() {
  const { t } = useTranslation('accounts')
  return (
    <div aria-hidden="true" className="absolute -left-[9999px] h-px w-px overflow-hidden">
      <label htmlFor="website">{t('fields.website')}</label>
      <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  )
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="mt-4 rounded border border-emerald-700/30 bg-emerald-50 p-3 text-emerald-900">
      {children}
    </p>
  )
}

export function PageTitle({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <h1 id={id} className="font-serif text-3xl">
      {children}
    </h1>
  )
}
