/** An AWS account id is exactly 12 digits (leading zeros kept); anything else never reaches AWS. */
export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}
