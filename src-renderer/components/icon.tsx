// The console's one set of message icons: error, warning, information, success. Drawn with strokes in
// currentColor only (no filled circle behind a white glyph), so each takes its severity's colour from
// the stylesheet and, in forced colours (high contrast), the system's text colour: it never vanishes
// with a background. Decoration only: the words beside it say the same.
import type { ReactNode } from 'react'

export type IconName = 'error' | 'warning' | 'info' | 'success'

const GLYPHS: Record<IconName, ReactNode> = {
  error: (
    <>
      <circle cx="10" cy="10" r="8" />
      <path d="M10 5.6v5.4" />
      <circle cx="10" cy="14.1" r="0.4" />
    </>
  ),
  warning: (
    <>
      <path d="M10 2.6 18.2 17H1.8Z" />
      <path d="M10 7.6v4.2" />
      <circle cx="10" cy="14.4" r="0.4" />
    </>
  ),
  info: (
    <>
      <circle cx="10" cy="10" r="8" />
      <path d="M10 9v5.4" />
      <circle cx="10" cy="5.9" r="0.4" />
    </>
  ),
  success: (
    <>
      <circle cx="10" cy="10" r="8" />
      <path d="m6.2 10.3 2.6 2.6 5-5.3" />
    </>
  ),
}

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      className={`icon icon-${name}${className ? ` ${className}` : ''}`}
      viewBox="0 0 20 20"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {GLYPHS[name]}
    </svg>
  )
}
