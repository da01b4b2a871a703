/** The join key for one person across vendors: trimmed, Unicode NFC, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}
