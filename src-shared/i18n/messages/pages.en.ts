// The pages catalogue (English). Keys start with "pages.".
export const pagesEn = {} as const
