// The policy catalogue (English). Keys start with "policy.".
export const policyEn = {} as const
