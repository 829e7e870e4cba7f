const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(currency: string): Intl.NumberFormat | null {
  let formatter = formatters.get(currency);
  if (!formatter) {
    try {
      formatter = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    } catch {
      return null;
    }
    formatters.set(currency, formatter);
  }
  return formatter;
}

/**
 * Minor units → a money string. The number of decimals comes from the currency itself (JPY has none,
 * KWD has three), so amounts are never shown a factor of 100 off.
 */
export function formatMoney(amountMinor: number | null, currency: string | null): string {
  if (amountMinor === null) return '';
  if (currency === null) return String(amountMinor);
  const formatter = formatterFor(currency);
  if (!formatter) return `${amountMinor} ${currency} (minor units)`;
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(amountMinor / 10 ** digits);
}

export function formatCount(n: number): string {
  return n.toLocaleString();
}
