// The mail catalogue (English). Keys start with "mail.".
export const mailEn = {} as const
