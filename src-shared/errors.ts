// Errors attached to form or request fields: field name → messages to show next to that field.
export type FieldErrors = Record<string, string[]>
