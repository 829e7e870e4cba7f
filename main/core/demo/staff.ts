/**
 * Who and what is in each demo store. The layout depends only on the store's number, never on the seed,
 * so the planted stories can name fixed ids (u-104, S001-T03) for every seed.
 */

export type Role = 'cashier' | 'manager' | 'admin';

export interface Terminal {
  id: string;
  ip: string;
  userAgent: string;
}

export interface StaffMember {
  id: string;
  role: Role;
  /** Weekdays (0 = Monday) this person never works. */
  daysOff: readonly number[];
  /** Cashiers: the shift they are rostered on first; managers: the shift they cover. */
  shift: 'morning' | 'evening';
}

export interface StoreLayout {
  /** 1-based store number. */
  index: number;
  storeId: string;
  registers: Terminal[];
  backOffice: Terminal;
  cashiers: StaffMember[];
  managers: StaffMember[];
  admin: StaffMember;
  /** Relative size: scales every SKU's demand. */
  size: number;
  /** Yearly demand growth (0.04 = +4 % a year). */
  growth: number;
}

export const POS_USER_AGENT = 'WatchdogPOS/3.2.1';
export const BACK_OFFICE_USER_AGENT = 'WatchdogBackOffice/3.2.1';

/**
 * Days off per cashier slot, Monday = 0. Most days off fall Monday–Thursday so that the busy Friday–Sunday
 * has the whole team; with 7 cashiers that leaves 4 on a weekday and 6–7 at the weekend.
 */
const CASHIER_DAYS_OFF: readonly (readonly number[])[] = [
  [0, 1], [1, 2], [2, 3], [3, 0], [0, 2], [1, 3], [6, 4], [5, 0],
];

export function storeId(index: number): string {
  return `S${String(index).padStart(3, '0')}`;
}

/** u-<store><two digits>: cashiers 01–08, managers 51–52, admin 90 (u-104 is store 1's fourth cashier). */
export function userId(storeIndex: number, slot: number): string {
  return `u-${storeIndex}${String(slot).padStart(2, '0')}`;
}

const SIZES = [1.0, 0.85, 1.12, 0.93];
const GROWTH = [0.04, -0.02, 0.03, 0.01];

export function storeLayout(index: number): StoreLayout {
  const id = storeId(index);
  const registerCount = index === 2 ? 3 : index % 2 === 1 ? 4 : 3;
  const cashierCount = index === 1 ? 7 : index === 2 ? 6 : 6 + (index % 3);
  const managerCount = index <= 2 || index % 3 !== 0 ? 2 : 1;
  const registers: Terminal[] = [];
  for (let t = 1; t <= registerCount; t++) {
    registers.push({ id: `${id}-T${String(t).padStart(2, '0')}`, ip: `10.1.${index}.${t}`, userAgent: POS_USER_AGENT });
  }
  const cashiers: StaffMember[] = [];
  for (let c = 1; c <= cashierCount; c++) {
    cashiers.push({
      id: userId(index, c),
      role: 'cashier',
      daysOff: CASHIER_DAYS_OFF[(c - 1) % CASHIER_DAYS_OFF.length] ?? [],
      shift: c % 2 === 1 ? 'morning' : 'evening',
    });
  }
  // With two managers one covers mornings Tue–Sat and the other evenings Thu–Mon; a lone manager works
  // weekday days. Gaps are deliberate: approvals then go to whoever is on duty, or the action waits.
  const managers: StaffMember[] =
    managerCount === 2
      ? [
          { id: userId(index, 51), role: 'manager', daysOff: [6, 0], shift: 'morning' },
          { id: userId(index, 52), role: 'manager', daysOff: [1, 2], shift: 'evening' },
        ]
      : [{ id: userId(index, 51), role: 'manager', daysOff: [5, 6], shift: 'morning' }];
  return {
    index,
    storeId: id,
    registers,
    backOffice: { id: `${id}-BO`, ip: `10.1.${index}.100`, userAgent: BACK_OFFICE_USER_AGENT },
    cashiers,
    managers,
    admin: { id: userId(index, 90), role: 'admin', daysOff: [0, 2, 4, 5, 6], shift: 'morning' },
    size: SIZES[index - 1] ?? 0.8 + ((index * 0.618) % 0.4),
    growth: GROWTH[index - 1] ?? ((index * 0.37) % 0.09) - 0.03,
  };
}

export function storeLayouts(count: number): StoreLayout[] {
  return Array.from({ length: count }, (_, i) => storeLayout(i + 1));
}
