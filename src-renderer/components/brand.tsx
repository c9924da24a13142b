import { useT } from '../i18n'

/** The product's name over the first screens: "TextUp Admin console". */
export function Brand() {
  const t = useT()
  return (
    <p className="brand brand-large">
      {t.t('common.productName')} <span className="brand-product">{t.t('start.brand.product')}</span>
    </p>
  )
}
