// The console's native menus and dialogs, and its main process's messages (English). Keys start with "native.".
export const nativeEn = {} as const
