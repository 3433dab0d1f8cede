/**
 * Per-stage latency of decoding + fingerprinting one image, wall-clock and CPU time (CPU time is
 * the single-core cost even when the machine is shared).
 *
 *   npx tsx electron/engine/analysis/measure-latency.ts [--spaces a,b] [--runs N] FILE…
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { decodeForAnalysis } from '../imaging/decode.js';
import { openFingerprintEngine, type SpaceId } from '../fingerprint/engine.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const spaces = arg('spaces', 'cooccurrence,fourier').split(',') as SpaceId[];
const runs = Number(arg('runs', '5'));
const files = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const engine = await openFingerprintEngine({ packDir: resolve('native-models/packs/causalprint-base-v1'), spaces });
const wall: Record<string, number[]> = {};
const cpu: Record<string, number[]> = {};
for (const file of files) {
  for (let r = 0; r < runs + 1; r++) {
    const bytes = await readFile(file);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const image = await decodeForAnalysis(bytes, { maxPixels: 50_000_000 });
    const c1 = process.cpuUsage(c0);
    const decodeWall = performance.now() - t0;
    const fp = await engine.fingerprint(image);
    if (r === 0) continue; // warm-up (JIT, session creation)
    (wall.decode ??= []).push(decodeWall);
    (cpu.decode ??= []).push((c1.user + c1.system) / 1000);
    for (const [k, v] of Object.entries(fp.timingsMs)) (wall[k] ??= []).push(v);
    for (const [k, v] of Object.entries(fp.cpuMs ?? {})) (cpu[k] ??= []).push(v);
  }
}
await engine.dispose();
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
let totalWall = 0;
let totalCpu = 0;
console.log(`stage\twall ms (median)\tcpu ms (median)   [${files.length} file(s) × ${runs} runs, spaces ${spaces.join(',')}]`);
for (const stage of Object.keys(wall)) {
  totalWall += median(wall[stage]!);
  totalCpu += median(cpu[stage] ?? []);
  console.log(`${stage}\t${median(wall[stage]!).toFixed(1)}\t${median(cpu[stage] ?? []).toFixed(1)}`);
}
console.log(`total\t${totalWall.toFixed(1)}\t${totalCpu.toFixed(1)}`);
