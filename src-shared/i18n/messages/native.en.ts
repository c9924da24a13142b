// The native catalogue (English). Keys start with "native.".
export const nativeEn = {} as const
