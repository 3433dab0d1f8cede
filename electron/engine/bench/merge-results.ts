/**
 * Merges the JSON of several benchmark runs over the same data (e.g. methods run in separate
 * processes) into one result per dataset: method rows concatenated (a later file wins for a
 * repeated method id), load averages and durations kept per run.
 */
import { readFileSync } from 'node:fs';
import type { DatasetResult } from './run-benchmark.js';

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
      current.methods = [...current.methods.filter((m) => !result.methods.some((r) => r.id === m.id)), ...result.methods];
      current.seconds = Math.max(current.seconds, result.seconds);
      current.loadAverage = {
        start: current.loadAverage.start.map((v, i) => Math.max(v, result.loadAverage.start[i] ?? 0)),
        end: current.loadAverage.end.map((v, i) => Math.max(v, result.loadAverage.end[i] ?? 0)),
      };
    }
  }
  return { results: [...byDataset.values()], notes };
}
