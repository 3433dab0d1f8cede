import sharp, { type OverlayOptions } from 'sharp';
import type { PhotoRef } from './photo-source.js';
import { decodePhoto } from './photo-source.js';
import { cropWithEdgeRepeat, type RgbImage } from './rgb-image.js';
import { renderSideFor, type RenderingGenerator } from './zoo-generator.js';

export interface ContactSheetOptions {
  generators: RenderingGenerator[];
  photos: PhotoRef[];
  /** Side of one cell in pixels (the rendered crop is shown 1:1, no resampling). */
  cell: number;
  title: string;
  /** Lines under the title (split on newlines). */
  subtitle: string;
  onProgress?: (line: string) => void;
}

const LABEL_WIDTH = 300;
const HEADER_HEIGHT = 72;
const GAP = 4;

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The photo as shown in the sheet: reduced (Lanczos) so its short side is at most twice the
 * cell, so a centred cell still shows a recognisable part of the scene.
 */
async function sheetSource(photo: PhotoRef, cell: number): Promise<RgbImage> {
  const full = await decodePhoto(photo);
  const short = Math.min(full.width, full.height);
  if (short <= 2 * cell) return full;
  const factor = (2 * cell) / short;
  const width = Math.round(full.width * factor);
  const height = Math.round(full.height * factor);
  const { data, info } = await sharp(full.data, { raw: { width: full.width, height: full.height, channels: 3 } })
    .resize(width, height, { kernel: 'lanczos3' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function textSvg(width: number, height: number, lines: { text: string; size: number; weight?: string }[], align: 'start' | 'middle'): Buffer {
  let y = 0;
  const x = align === 'middle' ? width / 2 : 10;
  const tspans = lines
    .map((line) => {
      y += line.size + 6;
      return `<text x="${x}" y="${y}" font-family="DejaVu Sans, sans-serif" font-size="${line.size}" font-weight="${line.weight ?? 'normal'}" text-anchor="${align}" fill="#111">${escapeXml(line.text)}</text>`;
    })
    .join('');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#f4f4f4"/>${tspans}</svg>`);
}

function recipeLine(g: RenderingGenerator): string {
  const r = g.recipe;
  if (r.kind === 'super-resolution') return `render: ÷${r.scale} box, ×${r.scale} network`;
  if (r.kind === 'sdedit') return `render: noise to t=${r.tStart}, ${r.steps} DDIM steps`;
  return 'render: image-to-image';
}

const rawInput = (image: RgbImage) => ({ raw: { width: image.width, height: image.height, channels: 3 as const } });

/**
 * Contact sheet PNG: one row per generator (first row: the original photo crop), one column
 * per photo, every cell the same photo region so differences between rows are the generators'.
 */
export async function renderContactSheet(options: ContactSheetOptions): Promise<Buffer> {
  const { cell, generators, photos } = options;
  const width = LABEL_WIDTH + photos.length * (cell + GAP);
  const rows = generators.length + 1;
  const height = HEADER_HEIGHT + rows * (cell + GAP);
  const layers: OverlayOptions[] = [
    { input: textSvg(LABEL_WIDTH, HEADER_HEIGHT, [{ text: options.title, size: 15, weight: 'bold' }, ...options.subtitle.split('\n').map((text) => ({ text, size: 12 }))], 'start'), left: 0, top: 0 },
  ];
  const rowLabel = (row: number, lines: { text: string; size: number; weight?: string }[]) =>
    layers.push({ input: textSvg(LABEL_WIDTH - GAP, cell, lines, 'start'), left: 0, top: HEADER_HEIGHT + row * (cell + GAP) });
  rowLabel(0, [{ text: 'original (photo crop)', size: 15, weight: 'bold' }]);
  generators.forEach((g, i) =>
    rowLabel(i + 1, [
      { text: g.id, size: 15, weight: 'bold' },
      { text: `${g.entry.family}, ${g.entry.parameters.toLocaleString('en-US')} params`, size: 12 },
      { text: recipeLine(g), size: 12 },
    ]),
  );
  for (const [column, photo] of photos.entries()) {
    const left = LABEL_WIDTH + column * (cell + GAP);
    const name = photo.id.split('/').pop() ?? photo.id;
    const maxChars = Math.floor(cell / 7.5);
    layers.push({ input: textSvg(cell, HEADER_HEIGHT, [{ text: name.length > maxChars ? `${name.slice(0, maxChars - 1)}…` : name, size: 12 }, { text: photo.sha256.slice(0, 12), size: 11 }], 'middle'), left, top: 0 });
    const source = await sheetSource(photo, cell);
    const x = Math.floor((source.width - cell) / 2);
    const y = Math.floor((source.height - cell) / 2);
    const original = cropWithEdgeRepeat(source, x, y, cell, cell);
    layers.push({ input: Buffer.from(original.data.buffer, original.data.byteOffset, original.data.byteLength), ...rawInput(original), left, top: HEADER_HEIGHT });
    for (const [row, generator] of generators.entries()) {
      const span = renderSideFor(generator.recipe, cell);
      const rendered = await generator.render(cropWithEdgeRepeat(source, x, y, span, span), cell, cell);
      layers.push({ input: Buffer.from(rendered.data.buffer, rendered.data.byteOffset, rendered.data.byteLength), ...rawInput(rendered), left, top: HEADER_HEIGHT + (row + 1) * (cell + GAP) });
    }
    options.onProgress?.(`contact sheet: column ${column + 1}/${photos.length} (${photo.id})`);
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png({ compressionLevel: 9, adaptiveFiltering: false, palette: false })
    .toBuffer();
}

/** Up to `count` photos in hash order, one per source package first so the columns vary. */
export function pickSheetPhotos(photos: PhotoRef[], count: number, sourceOf: (p: PhotoRef) => string): PhotoRef[] {
  const picked: PhotoRef[] = [];
  const sources = new Set<string>();
  for (const p of photos) {
    if (picked.length < count && !sources.has(sourceOf(p))) {
      picked.push(p);
      sources.add(sourceOf(p));
    }
  }
  for (const p of photos) if (picked.length < count && !picked.includes(p)) picked.push(p);
  return picked;
}
