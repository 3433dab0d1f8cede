/**
 * Area under the ROC curve for "positive scores higher": the probability that a random
 * positive outranks a random negative, ties counting one half (Mann–Whitney U).
 */
export function auroc(positiveScores: readonly number[], negativeScores: readonly number[]): number {
  const np = positiveScores.length, nn = negativeScores.length;
  if (np === 0 || nn === 0) return NaN;
  const all = [
    ...positiveScores.map((s) => ({ s, positive: true })),
    ...negativeScores.map((s) => ({ s, positive: false })),
  ].sort((a, b) => a.s - b.s);
  let rankSumPositive = 0;
  let i = 0;
  while (i < all.length) {
    let j = i;
    while (j + 1 < all.length && all[j + 1]!.s === all[i]!.s) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.positive) rankSumPositive += averageRank;
    i = j + 1;
  }
  return (rankSumPositive - (np * (np + 1)) / 2) / (np * nn);
}
