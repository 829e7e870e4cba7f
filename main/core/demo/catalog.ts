import type { Sku } from '../../../shared/sales';

/**
 * The demo catalogue: 40 SKUs a neighbourhood grocery might carry, with the demand parameters the sales
 * model needs. Base demand is mean units per day for a store of size factor 1.0 on an average weekday.
 */

export const CATEGORIES = ['Dairy', 'Bakery', 'Produce', 'Beverages', 'Snacks', 'Household'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface DemoSku {
  sku: string;
  name: string;
  category: Category;
  price_minor: number;
  /** Mean units per day at a factor-1.0 store before seasonality. */
  base: number;
  /** Negative-binomial dispersion: lower means noisier; slow movers get < 1 so that most days are zero. */
  dispersion: number;
  /** Intermittent-demand item: never promoted, many zero days. */
  slow: boolean;
  /** Yearly seasonality: relative amplitude and day of year of the peak. */
  yearlyAmplitude: number;
  yearlyPeak: number;
}

/** Category defaults: summer drinks and produce, winter baking, flat household goods. */
const SEASON: Record<Category, { amplitude: number; peak: number; dispersion: number }> = {
  Dairy: { amplitude: 0.05, peak: 350, dispersion: 18 },
  Bakery: { amplitude: 0.07, peak: 352, dispersion: 14 },
  Produce: { amplitude: 0.1, peak: 200, dispersion: 14 },
  Beverages: { amplitude: 0.22, peak: 196, dispersion: 12 },
  Snacks: { amplitude: 0.08, peak: 185, dispersion: 10 },
  Household: { amplitude: 0.04, peak: 20, dispersion: 6 },
};

type Row = [sku: string, name: string, category: Category, price: number, base: number, override?: Partial<DemoSku>];

const SLOW = { slow: true, dispersion: 0.55 } as const;

const ROWS: readonly Row[] = [
  ['SKU-1001', 'Whole Milk 1 gal', 'Dairy', 389, 70],
  ['SKU-1002', 'Reduced Fat Milk 1/2 gal', 'Dairy', 249, 55],
  ['SKU-1003', 'Large Eggs, dozen', 'Dairy', 329, 60],
  ['SKU-1004', 'Greek Yogurt 5.3 oz', 'Dairy', 129, 45],
  ['SKU-1005', 'Sharp Cheddar 8 oz', 'Dairy', 399, 25],
  ['SKU-1006', 'Salted Butter 1 lb', 'Dairy', 479, 20, { yearlyAmplitude: 0.18, yearlyPeak: 345 }],
  ['SKU-1007', 'Oat Milk 64 oz', 'Dairy', 449, 8],
  ['SKU-1101', 'White Sandwich Bread', 'Bakery', 279, 55],
  ['SKU-1102', 'Whole Wheat Bread', 'Bakery', 329, 35],
  ['SKU-1103', 'Plain Bagels 6 ct', 'Bakery', 399, 18],
  ['SKU-1104', 'Butter Croissant', 'Bakery', 149, 30],
  ['SKU-1105', 'Chocolate Muffin', 'Bakery', 199, 22],
  ['SKU-1106', 'Sourdough Loaf', 'Bakery', 549, 12],
  ['SKU-1201', 'Bananas, per lb', 'Produce', 59, 110],
  ['SKU-1202', 'Gala Apples, per lb', 'Produce', 179, 50, { yearlyAmplitude: 0.12, yearlyPeak: 280 }],
  ['SKU-1203', 'Hass Avocado', 'Produce', 129, 35],
  ['SKU-1204', 'Baby Spinach 5 oz', 'Produce', 349, 20],
  ['SKU-1205', 'Roma Tomatoes, per lb', 'Produce', 199, 30, { yearlyAmplitude: 0.2, yearlyPeak: 215 }],
  ['SKU-1206', 'Lemons', 'Produce', 79, 18],
  ['SKU-1207', 'Fresh Basil 0.75 oz', 'Produce', 249, 0.8, SLOW],
  ['SKU-1301', 'Spring Water 1 L', 'Beverages', 129, 80, { yearlyAmplitude: 0.3 }],
  ['SKU-1302', 'Cola 2 L', 'Beverages', 249, 45],
  ['SKU-1303', 'Cola 12 oz Can', 'Beverages', 99, 60],
  ['SKU-1304', 'Orange Juice 52 oz', 'Beverages', 429, 25, { yearlyAmplitude: 0.1, yearlyPeak: 15 }],
  ['SKU-1305', 'Cold Brew Coffee 12 oz', 'Beverages', 349, 20, { yearlyAmplitude: 0.35, yearlyPeak: 190 }],
  ['SKU-1306', 'Energy Drink 16 oz', 'Beverages', 299, 35],
  ['SKU-1307', 'Sparkling Water 8 pk', 'Beverages', 549, 15],
  ['SKU-1401', 'Potato Chips 8 oz', 'Snacks', 429, 35],
  ['SKU-1402', 'Tortilla Chips 13 oz', 'Snacks', 449, 22],
  ['SKU-1403', 'Milk Chocolate Bar 1.5 oz', 'Snacks', 179, 45, { yearlyAmplitude: 0.12, yearlyPeak: 40 }],
  ['SKU-1404', 'Granola Bars 6 ct', 'Snacks', 399, 18],
  ['SKU-1405', 'Salted Peanuts 16 oz', 'Snacks', 349, 10],
  ['SKU-1406', 'Gummy Bears 5 oz', 'Snacks', 199, 20],
  ['SKU-1407', 'Trail Mix 26 oz', 'Snacks', 899, 0.6, SLOW],
  ['SKU-1501', 'Paper Towels 6 rolls', 'Household', 899, 12],
  ['SKU-1502', 'Toilet Paper 12 rolls', 'Household', 1099, 14],
  ['SKU-1503', 'Dish Soap 19 oz', 'Household', 299, 8],
  ['SKU-1504', 'AA Batteries 8 pk', 'Household', 999, 0.45, SLOW],
  ['SKU-1505', 'LED Light Bulbs 4 pk', 'Household', 1199, 0.3, SLOW],
  ['SKU-1506', 'Extension Cord 6 ft', 'Household', 1499, 0.2, SLOW],
];

export const DEMO_CATALOG: readonly DemoSku[] = ROWS.map(([sku, name, category, price, base, override]) => ({
  sku,
  name,
  category,
  price_minor: price,
  base,
  dispersion: SEASON[category].dispersion,
  slow: false,
  yearlyAmplitude: SEASON[category].amplitude,
  yearlyPeak: SEASON[category].peak,
  ...override,
}));

/** The catalogue in the shape the forecasting store keeps. */
export function catalogSkus(): Sku[] {
  return DEMO_CATALOG.map(({ sku, name, category, price_minor }) => ({ sku, name, category, price_minor }));
}
