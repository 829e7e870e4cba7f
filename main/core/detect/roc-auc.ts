/**
 * Area under the ROC curve of `scores` (higher = more anomalous) against `labels` (true = outlier),
 * by the Mann–Whitney statistic: the rank sum of the outliers, ties given their average rank, so a
 * tie counts half, as scikit-learn's roc_auc_score does. NaN when either class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean>): number {
  const n = scores.length;
  if (labels.length !== n) throw new RangeError(`${n} scores but ${labels.length} labels`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let positiveRanks = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    // Ranks i+1 … j share their mean.
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k]!]) {
        positives++;
        positiveRanks += rank;
      }
    }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (positiveRanks - (positives * (positives + 1)) / 2) / (positives * negatives);
}
