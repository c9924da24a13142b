// The language packages' translation files, imported on their own (estimator-feedback.ts).
interface EstimatorTranslations {
  warnings: Record<string, string>
  suggestions: Record<string, string>
  timeEstimation: Record<string, string>
}

declare module '@zxcvbn-ts/language-en/dist/translations.mjs' {
  const translations: EstimatorTranslations
  export default translations
}
declare module '@zxcvbn-ts/language-de/dist/translations.esm.js' {
  const translations: EstimatorTranslations
  export default translations
}
