import sharp, { type Stats } from 'sharp';
import type { EvidenceRecord } from '../../../database/repositories/evidence-repository.js';

type InputFacts = Pick<EvidenceRecord, 'pages' | 'colourSpace' | 'bitDepth' | 'channels' | 'hasAlpha' | 'format'>;

/**
 * What the analyst must know about how an evidence file was read for analysis, from the facts
 * recorded at intake. Mirrors the analysis decoder (engine/imaging/decode.ts): first frame only,
 * CMYK converted by the decoder, 16-bit kept at full precision, grey as three equal channels,
 * alpha dropped.
 */
export function inputNotes(facts: InputFacts): string[] {
  const notes: string[] = [];
  const cmyk = facts.colourSpace.toLowerCase() === 'cmyk';
  if (facts.pages > 1) {
    notes.push(`Animated or multi-page ${facts.format.toUpperCase()} (${facts.pages} frames): only the first frame was analysed.`);
  }
  if (cmyk) notes.push('CMYK image: converted to RGB by the decoder before analysis, so the analysed pixels are not the stored values.');
  if (facts.bitDepth > 8 && !cmyk) notes.push(`${facts.bitDepth}-bit samples analysed at full precision (scaled to the 0–255 range).`);
  const colourChannels = facts.channels - (facts.hasAlpha ? 1 : 0);
  if (colourChannels === 1 && !cmyk) notes.push('Greyscale image: the grey channel was analysed as three equal colour channels.');
  if (facts.hasAlpha) notes.push('Alpha channel ignored: only the colour channels were analysed.');
  return notes;
}

/**
 * A note when every pixel of the image (its first frame) has the same colour: there is no texture
 * to carry a generator trace, so whatever the library ranks first is an artefact. Null otherwise,
 * and also when the image cannot be read within the pixel limit (the analysis then refuses it
 * with its own typed error).
 */
export async function flatImageNote(path: string, maxPixels: number, hasAlpha: boolean): Promise<string | null> {
  let channels: Stats['channels'];
  try {
    ({ channels } = await sharp(path, { limitInputPixels: maxPixels, pages: 1, failOn: 'error' }).stats());
  } catch {
    return null;
  }
  const colour = hasAlpha ? channels.slice(0, -1) : channels;
  if (!colour.every((channel) => channel.min === channel.max)) return null;
  return 'Flat image: every pixel has the same colour, so there is no texture to carry a generator trace; the ranking says nothing about its source.';
}

/**
 * Topics on which the decoder and patch sampler (engine/imaging) say again what the intake facts
 * already said; the intake's wording is the one the analyst sees, so the engine's is dropped.
 */
const TOPICS: { topic: string; pattern: RegExp }[] = [
  { topic: 'frames', pattern: /\b(animated|multi-page)\b/i },
  { topic: 'cmyk', pattern: /\bcmyk\b/i },
  { topic: 'flat', pattern: /^flat image\b|^every patch is flat\b/i },
];

const topicOf = (note: string): string | null => TOPICS.find((t) => t.pattern.test(note))?.topic ?? null;

/** The patch sampler's "k of n grid patches skipped as flat or clipped." (engine/imaging/patches.ts). */
const SKIPPED_PATCHES = /^(\d+) of (\d+) grid patches skipped\b/;

/**
 * Skipping some flat or clipped patches is how sampling works (sky, a bright window) and says
 * nothing about the result; it becomes worth a note when most of the image was left out and the
 * fingerprint rests on a minority of it.
 */
function routineSkip(note: string): boolean {
  const match = SKIPPED_PATCHES.exec(note);
  return match !== null && Number(match[1]) * 2 <= Number(match[2]);
}

/**
 * The result's notes: those from the intake facts first, then the engine's notes on how it read
 * the file (EXIF orientation or ICC profile not applied, most patches skipped, …), without an
 * engine note on a topic an intake note already covers, without routine patch skipping and
 * without repeats.
 */
export function mergeNotes(intakeNotes: readonly string[], engineNotes: readonly string[]): string[] {
  const covered = new Set(intakeNotes.map(topicOf).filter((t): t is string => t !== null));
  const engine = engineNotes.filter((note) => {
    const topic = topicOf(note);
    return (topic === null || !covered.has(topic)) && !routineSkip(note);
  });
  return [...new Set([...intakeNotes, ...engine])];
}
