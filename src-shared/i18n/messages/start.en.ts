// The console's first screens (starting, sign-in, first admin, second factor) and its shared
// components (fields, strength meter, toasts, errors). Keys start with "start." (English).
export const startEn = {} as const
