/** Markdown tables of a benchmark run. */
import { cpus } from 'node:os';
import { fmt, type DatasetResult, type MethodResult } from './run-benchmark.js';

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function pm(v: { mean: number; sd: number } | undefined): string {
  return v ? `${fmt(v.mean)} ± ${fmt(v.sd)}` : '—';
}

const ROBUSTNESS = ['jpeg90', 'jpeg75', 'resize0.75', 'resize1.5', 'crop'];

function mainRow(m: MethodResult, labelCount: number): string[] {
  const held = m.openSet ? Object.keys(m.openSet.perLabel).length : 0;
  const leak = m.leakage ? `${fmt(m.leakage.accuracy)} / ${fmt(m.leakage.scoreAccuracy)} (chance ${fmt(m.leakage.chance)})` : '—';
  return [
    m.id, fmt(m.primary?.accuracy), fmt(m.primary?.macroF1), `${fmt(m.openSet?.mean)}${m.openSet && held < labelCount ? ` (${held} of ${labelCount} held out)` : ''}`, fmt(m.fisherRatio), leak,
    ...ROBUSTNESS.map((p) => fmt(m.robustness[p])), fmt(m.msPerImage, 1), fmt(m.cpuMsPerImage, 1),
  ];
}

export function renderDataset(r: DatasetResult): string {
  const lines: string[] = [];
  lines.push(`### ${r.dataset} (${r.dir})`);
  lines.push(`${r.images} images, ${Object.keys(r.imagesPerLabel).length} labels; primary protocol: ${r.primaryProtocol}; robustness on the ${r.robustnessImages} test images of the first split; ${r.seconds.toFixed(0)} s; load average at start ${r.loadAverage.start.map((v) => v.toFixed(2)).join(' ')}, at end ${r.loadAverage.end.map((v) => v.toFixed(2)).join(' ')} (${cpus().length} cores)`);
  if (r.trainOnlyImages) {
    const sources = Object.entries(r.trainOnlySources ?? {}).map(([s, n]) => `${s} ${n}`).join(', ');
    lines.push(`Train-only references: ${r.trainOnlyImages} extra real-camera images (${sources}) in every training side, never scored.`);
  }
  if (r.skippedImages.length) lines.push(`Skipped: ${r.skippedImages.length} images (first: ${r.skippedImages[0]})`);
  lines.push('');
  lines.push(table(
    ['method', 'acc', 'macro-F1', 'open-set AUROC', 'FDR', 'content leakage: embedding / scores', 'JPEG90', 'JPEG75', '×0.75', '×1.5', 'crop', 'ms/img wall', 'ms/img CPU'],
    r.methods.map((m) => mainRow(m, Object.keys(r.imagesPerLabel).length)),
  ));
  if (r.kind === 'real') {
    lines.push('');
    lines.push(table(
      ['method', '5-fold acc / F1', 'grouped by source acc / F1 (n)', 'k=5 acc', 'k=10 acc', 'k=20 acc', 'format-neutral (JPEG90 all) acc / F1'],
      r.methods.map((m) => [
        m.id,
        `${fmt(m.primary?.accuracy)} / ${fmt(m.primary?.macroF1)}`,
        `${fmt(m.groupedBySource?.accuracy)} / ${fmt(m.groupedBySource?.macroF1)} (${m.groupedBySource?.scored ?? '—'})`,
        pm(m.fewShot?.['k=5']?.accuracy), pm(m.fewShot?.['k=10']?.accuracy), pm(m.fewShot?.['k=20']?.accuracy),
        `${fmt(m.formatNeutral?.accuracy)} / ${fmt(m.formatNeutral?.macroF1)}`,
      ]),
    ));
  }
  const staged = r.methods.filter((m) => m.stageMs && Object.keys(m.stageMs).length > 0);
  if (staged.length) {
    const stages = [...new Set(staged.flatMap((m) => Object.keys(m.stageMs!)))];
    lines.push('');
    lines.push('Latency by engine stage (median ms per image over the timed test images, wall / CPU; decode is not timed; predict total − fingerprint total ≈ the attribution itself):');
    lines.push('');
    lines.push(table(
      ['method', ...stages, 'predict total'],
      staged.map((m) => [
        m.id,
        ...stages.map((s) => `${fmt(m.stageMs![s], 1)} / ${fmt(m.stageCpuMs?.[s], 1)}`),
        `${fmt(m.msPerImage, 1)} / ${fmt(m.cpuMsPerImage, 1)}`,
      ]),
    ));
  }
  lines.push('');
  for (const m of r.methods) lines.push(`- ${m.id}: ${m.label}${m.errors.length ? ` — errors: ${m.errors.join('; ')}` : ''}`);
  return lines.join('\n');
}
