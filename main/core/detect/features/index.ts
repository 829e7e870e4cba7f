/** Streaming event features for the isolation forest (docs/detection.md, "Event features and the model"). */
export { FEATURE_NAMES, FEATURE_COUNT, COLUMN, type FeatureName } from './feature-set';
export { FeatureExtractor, actorKey, weekdayOf } from './feature-extractor';
export { readFeatureEvents, featureEventsBySeq, headSeq, firstSeqFrom, firstTimeAfter, earliestTime, type FeatureEvent } from './feature-event';
export { describeFeature, formatMoney, actionNoun, type DescribeContext } from './describe';
