/**
 * Per-stage latency of decoding + fingerprinting one image, wall-clock and CPU time (CPU time is
 * the single-core cost even when the machine is shared), for each residual kind: the Gaussian
 * denoiser and the pack's diffusion reconstructor (with the engine's default sampler).
 *
 *   npx tsx electron/engine/analysis/measure-latency.ts [--spaces a,b] [--residual denoiser,reconstructor] [--runs N] [--dev N] [FILE…]
 *
 * Without files, the first --dev (default 20) 256² images of ../shared/data/real-generators are used.
 * Medians are over every (file, run) pair after one warm-up pass per file.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { decodeForAnalysis } from '../imaging/decode.js';
import { DEFAULT_SPACES, openFingerprintEngine, type SpaceId } from '../fingerprint/engine.js';
import { describeSampler, findReconstructor } from '../spaces/diffusion-reconstructor.js';
import { readRealGeneratorsManifest } from './real-generators-manifest.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const packDir = resolve('native-models/packs/causalprint-base-v1');
const slPresent = existsSync(join(packDir, 'sl-mobilenetv2.onnx'));
const spaces = arg('spaces', DEFAULT_SPACES.filter((s) => slPresent || !s.startsWith('sl-')).join(',')).split(',') as SpaceId[];
const kinds = arg('residual', 'denoiser,reconstructor').split(',') as ('denoiser' | 'reconstructor')[];
const runs = Number(arg('runs', '3'));
const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (files.length === 0) {
  const dataDir = resolve('../shared/data/real-generators');
  if (!existsSync(join(dataDir, 'manifest.tsv'))) {
    console.log(`No files given and no dev set at ${dataDir}: nothing to measure.`);
    process.exit(0);
  }
  const wanted = Number(arg('dev', '20'));
  const all = readRealGeneratorsManifest(dataDir);
  // Spread over labels: take 256² images round robin by label, in manifest order.
  const byLabel = new Map<string, string[]>();
  for (const img of all) {
    const { width, height } = await sharp(img.file).metadata();
    if (width === 256 && height === 256) byLabel.set(img.label, [...(byLabel.get(img.label) ?? []), img.file]);
  }
  const queues = [...byLabel.values()];
  while (files.length < wanted && queues.some((q) => q.length > 0)) for (const q of queues) if (q.length > 0 && files.length < wanted) files.push(q.shift()!);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
const reconstructor = findReconstructor(packDir);

const table: Record<string, Record<string, { wall: number; cpu: number }>> = {};
for (const kind of kinds) {
  const engine = await openFingerprintEngine({ packDir, spaces, residual: kind });
  const wall: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const totalWall: number[] = [];
  const totalCpu: number[] = [];
  for (const file of files) {
    for (let r = 0; r < runs + 1; r++) {
      const bytes = await readFile(file);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const image = await decodeForAnalysis(bytes, { maxPixels: 50_000_000 });
      const c1 = process.cpuUsage(c0);
      const decodeWall = performance.now() - t0;
      const fp = await engine.fingerprint(image);
      const c2 = process.cpuUsage(c0);
      if (r === 0) continue; // warm-up (JIT, session creation)
      (wall.decode ??= []).push(decodeWall);
      (cpu.decode ??= []).push((c1.user + c1.system) / 1000);
      for (const [k, v] of Object.entries(fp.timingsMs)) (wall[k] ??= []).push(v);
      for (const [k, v] of Object.entries(fp.cpuMs ?? {})) (cpu[k] ??= []).push(v);
      totalWall.push(performance.now() - t0);
      totalCpu.push((c2.user + c2.system) / 1000);
    }
  }
  await engine.dispose();
  const label = kind === 'reconstructor' && reconstructor ? `reconstructor (${describeSampler(reconstructor.schedule)})` : kind;
  table[label] = Object.fromEntries(Object.keys(wall).map((stage) => [stage, { wall: median(wall[stage]!), cpu: median(cpu[stage] ?? []) }]));
  table[label]!['total (median of per-image totals)'] = { wall: median(totalWall), cpu: median(totalCpu) };
}

const labels = Object.keys(table);
const stages = [...new Set(labels.flatMap((l) => Object.keys(table[l]!)))];
console.log(`per-stage latency, median over ${files.length} file(s) × ${runs} run(s), spaces ${spaces.join(',')}, one core (onnxruntime 1 thread); ms CPU (wall)`);
console.log(['stage', ...labels].join('\t'));
for (const stage of stages) {
  console.log([stage, ...labels.map((l) => (table[l]![stage] ? `${table[l]![stage]!.cpu.toFixed(1)} (${table[l]![stage]!.wall.toFixed(1)})` : '—'))].join('\t'));
}
