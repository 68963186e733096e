import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useTranslation } from 'react-i18next'
import { getT } from '~/i18n/i18n'
import { localeFromParam } from '~/i18n/locale'

export function loader({ params }: LoaderFunctionArgs) {
  const t = getT(localeFromParam(params.lang) ?? 'en')
  return { title: `${t('privacy.title')} — ${t('club')}` }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }]

export default function Privacy() {
  const { t } = useTranslation()
  return (
    <article className="max-w-3xl">
      <h1 className="font-serif text-3xl">{t('privacy.title')}</h1>
      <p className="mt-4 text-lg leading-relaxed">{t('privacy.body')}</p>
    </article>
  )
}
