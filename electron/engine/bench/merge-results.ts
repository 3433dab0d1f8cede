/**
 * Merges the JSON of several benchmark runs over the same data (e.g. methods run in separate
 * processes) into one result per dataset: method rows concatenated; a method id in several files
 * is one row whose measurements come from the later file where it has them and from the earlier
 * one otherwise (e.g. a run of one protocol only adds that column); load averages and durations
 * are the worst of the runs.
 */
import { readFileSync } from 'node:fs';
import type { DatasetResult, MethodResult } from './run-benchmark.js';

export interface RunFile {
  notes: string[];
  argv: string[];
  results: DatasetResult[];
}

export function mergeRunFiles(paths: readonly string[]): { results: DatasetResult[]; notes: string[] } {
  const byDataset = new Map<string, DatasetResult>();
  const notes: string[] = [];
  for (const path of paths) {
    const run = JSON.parse(readFileSync(path, 'utf8')) as RunFile;
    notes.push(`merged ${path} (args: ${run.argv.join(' ')})`, ...run.notes);
    for (const result of run.results) {
      const current = byDataset.get(result.dataset);
      if (!current) {
        byDataset.set(result.dataset, { ...result, methods: [...result.methods] });
        continue;
      }
      if (current.images !== result.images) notes.push(`warning: ${path} scored ${result.images} images of ${result.dataset}, another run ${current.images}`);
      const later = new Map(result.methods.map((m) => [m.id, m]));
      current.methods = [
        ...current.methods.map((m) => (later.has(m.id) ? mergeMethod(m, later.get(m.id)!) : m)),
        ...result.methods.filter((m) => !current.methods.some((c) => c.id === m.id)),
      ];
      current.seconds = Math.max(current.seconds, result.seconds);
      current.loadAverage = {
        start: current.loadAverage.start.map((v, i) => Math.max(v, result.loadAverage.start[i] ?? 0)),
        end: current.loadAverage.end.map((v, i) => Math.max(v, result.loadAverage.end[i] ?? 0)),
      };
    }
  }
  return { results: [...byDataset.values()], notes };
}

/** One method's row from two runs: the later run's measurements where it has them, the earlier run's otherwise. */
function mergeMethod(earlier: MethodResult, later: MethodResult): MethodResult {
  const defined = Object.fromEntries(Object.entries(later).filter(([, v]) => v !== undefined && v !== null)) as Partial<MethodResult>;
  return { ...earlier, ...defined, robustness: { ...earlier.robustness, ...later.robustness }, errors: [...earlier.errors, ...later.errors] };
}
