import type { ImportKind } from '../../../../shared/contract/import-channels';

/** The three kinds of file, as the first step offers them. */
export const KIND_TEXT: Record<ImportKind, { title: string; description: string }> = {
  events: {
    title: 'Events',
    description: 'Sales, refunds, voids, logins… exported from a till system or another log. They join the audit trail.',
  },
  sales: {
    title: 'Sales history',
    description: 'Units and revenue per store, item and day (or per transaction, added up per day). Forecasts learn from it.',
  },
  stock: {
    title: 'Stock on hand',
    description: 'Counts per store, item and day. Used for days of cover and predicted stock-outs.',
  },
};

/** Words for the fields a mapping fills; a field without words shows its own name. */
const FIELD_TEXT: Record<string, { label: string; hint?: string }> = {
  event_id: { label: 'Event id', hint: 'Leave empty: one is made from the row, so importing twice adds nothing twice.' },
  ts: { label: 'Date and time', hint: 'When it happened.' },
  store_id: { label: 'Store' },
  terminal_id: { label: 'Till / terminal' },
  user_id: { label: 'User / cashier' },
  user_role: { label: 'Role' },
  session_id: { label: 'Session' },
  action: { label: 'What happened', hint: 'e.g. Sale, Refund, Void. Unknown words are refused row by row.' },
  category: { label: 'Category', hint: 'Leave empty: it follows from what happened.' },
  resource_type: { label: 'Kind of record', hint: 'e.g. receipt.' },
  resource_id: { label: 'Record number', hint: 'e.g. the receipt number.' },
  status: { label: 'Outcome', hint: 'success or failure (default success).' },
  error_details: { label: 'Error details' },
  level: { label: 'Level', hint: 'INFO, WARNING… (default INFO).' },
  ip_address: { label: 'IP address' },
  user_agent: { label: 'Device / user agent' },
  amount: { label: 'Amount', hint: 'In the currency’s units, e.g. 12.34.' },
  amount_minor: { label: 'Amount in cents', hint: 'Whole minor units, e.g. 1234. Map this or Amount, not both.' },
  currency: { label: 'Currency', hint: 'A three-letter code such as USD.' },
  details: { label: 'Details (JSON)', hint: 'A column holding a JSON object.' },
  sku: { label: 'Item / SKU' },
  date: { label: 'Date', hint: 'A day, or a date and time (the day is taken).' },
  units: { label: 'Units sold' },
  revenue: { label: 'Revenue', hint: 'In the currency’s units, e.g. 12.34.' },
  revenue_minor: { label: 'Revenue in cents', hint: 'Map this or Revenue, not both.' },
  name: { label: 'Item name', hint: 'Optional: fills the item list.' },
  price: { label: 'Price', hint: 'Optional: fills the item list.' },
  on_hand: { label: 'On hand', hint: 'Units in stock that day.' },
};

export function fieldText(name: string): { label: string; hint?: string } {
  return FIELD_TEXT[name] ?? { label: name };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
