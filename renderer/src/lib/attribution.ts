import type { AttributionResult } from '@contract/library-schemas';

/** What the result card says an item came from: the top generator's key, or "unknown" (open-set refusal). */
export function attributionOutcome(result: Pick<AttributionResult, 'unknown' | 'ranked'>): string {
  if (result.unknown) return 'unknown';
  return result.ranked[0]?.generatorKey ?? 'unknown';
}

/** 0.8734 → "87.3 %"; tiny but non-zero values stay visible as "< 0.1 %". */
export function formatProbability(probability: number): string {
  if (!Number.isFinite(probability)) return '—';
  if (probability > 0 && probability < 0.001) return '< 0.1 %';
  return `${(probability * 100).toFixed(1)} %`;
}

/** Width of a probability bar in percent, clamped to 0–100. */
export function probabilityBarWidth(probability: number): number {
  if (!Number.isFinite(probability)) return 0;
  return Math.min(100, Math.max(0, probability * 100));
}

/** A score or distance with four significant digits (−0.01234 → "−0.01234"). */
export function formatScore(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  return Number(value.toPrecision(4)).toString().replace('-', '−');
}

/** What the per-space table's numbers are, in the words of the result's ranking rule. */
export function contributionHint(kind: AttributionResult['perSpaceKind']): string {
  const bold = 'bold: the generator that space alone would pick';
  if (kind === 'logit') return `Each space's push toward the generator: its share of the ranking head's logit, relative to the average generator (higher favours it; ${bold}).`;
  if (kind === 'score') {
    return `Each space's push toward the generator: its share of the ranking score (the head's logit blended with the cluster distance), relative to the average generator (higher favours it; ${bold}).`;
  }
  return `Each space's share of the score (−distance; closer to 0 is a closer match; ${bold}).`;
}

export interface ContributionTable {
  /** Column generators: the top-ranked ones, in ranking order. */
  generators: string[];
  rows: { space: string; scores: number[]; best: string | null }[];
}

/**
 * Per-space contributions for the top `limit` generators: each cell is that space's share of the
 * generator's score (−weighted distance; closer to 0 = closer match), and `best` names the generator
 * that space favours among all generators, so a space disagreeing with the total stands out.
 */
export function contributionTable(result: Pick<AttributionResult, 'ranked' | 'perSpace'>, limit = 4): ContributionTable {
  const generators = result.ranked.slice(0, limit).map((entry) => entry.generatorKey);
  const rows = Object.keys(result.perSpace)
    .sort()
    .map((space) => {
      const row = result.perSpace[space] ?? {};
      let best: string | null = null;
      for (const [generator, score] of Object.entries(row)) if (best === null || score > (row[best] ?? -Infinity)) best = generator;
      return { space, scores: generators.map((generator) => row[generator] ?? Number.NaN), best };
    });
  return { generators, rows };
}
