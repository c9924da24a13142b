// The api catalogue (English). Keys start with "api.".
export const apiEn = {} as const
