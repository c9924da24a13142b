// The console's users list, user details, dialogs on them and top bar (English). Keys start with "console.".
export const consoleEn = {} as const
