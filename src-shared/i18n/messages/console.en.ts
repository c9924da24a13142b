// The console catalogue (English). Keys start with "console.".
export const consoleEn = {} as const
