/**
 * The deterministic demo store generator: point-of-sale and back-office events for N stores over D days,
 * daily unit sales per SKU and store, and a description of the planted stories detection must find.
 * Pure: no database, no I/O, no clock. See docs/demo-data.md.
 */
export type { DemoOptions } from './options';
export { generateDemo, estimateDemoEvents, type DemoChunk } from './generator';
export {
  DEMO_STORIES,
  DEMO_STORY_IDS,
  demoStories,
  type DemoStory,
  type DemoStoryId,
  type ResolvedDemoStory,
  type StoryEvidence,
  type ResolvedStoryEvidence,
  type StoryWindow,
  type StoryDetector,
} from './stories';
export { DEMO_CATALOG, type DemoSku } from './catalog';
export { holidayOn, type HolidayEffect } from './calendar';
export { BASE_RATES } from './profiles';
