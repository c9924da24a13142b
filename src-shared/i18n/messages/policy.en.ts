// The password policy's reasons and the strength meter's words (English). Keys start with "policy.".
export const policyEn = {
  'policy.required': 'Enter a new password.',
  'policy.tooShort':
    'Use at least {minLength} characters (this has {length}). A few unrelated words make a long password that is easy to remember.',
  'policy.tooLong': 'Use at most {maxLength} characters (this has {length}).',
  'policy.controlCharacters': 'Remove invisible control characters such as tabs or line breaks.',
  'policy.common': 'This is one of the most commonly used passwords, so attackers try it first. Choose another.',
  'policy.personal':
    'Do not build your password from your username, name, email address or the name TextUp: those parts do not count toward the {minLength} characters.',
  'policy.predictable': 'This password is too easy to guess. Avoid repeated characters, sequences and keyboard patterns.',
  'policy.predictableBecause': 'This password is too easy to guess. {warning} Avoid repeated characters, sequences and keyboard patterns.',
  'policy.strength.veryWeak': 'Very weak',
  'policy.strength.weak': 'Weak',
  'policy.strength.fair': 'Fair',
  'policy.strength.good': 'Good',
  'policy.strength.strong': 'Strong',
} as const
