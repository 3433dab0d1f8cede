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
