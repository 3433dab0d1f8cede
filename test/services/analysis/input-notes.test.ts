import { describe, expect, it } from 'vitest';
import { mergeNotes } from '../../../electron/services/analysis/input-notes.js';

const intakeAnimated = 'Animated or multi-page GIF (3 frames): only the first frame was analysed.';
const intakeCmyk = 'CMYK image: converted to RGB by the decoder before analysis, so the analysed pixels are not the stored values.';
const intakeFlat = 'Flat image: every pixel has the same colour, so there is no texture to carry a generator trace; the ranking says nothing about its source.';
// Wording of engine/imaging/decode.ts and patches.ts.
const engineAnimated = 'Animated/multi-page image (3 frames): only the first frame is analysed.';
const engineCmyk = 'CMYK image converted to RGB by the decoder (libvips); its pixels are not the stored values.';
const engineAllFlat = 'Every patch is flat or clipped: the least flat ones were used, the fingerprint is weak.';
const engineSkipped = '9 of 16 grid patches skipped as flat or clipped.';
const engineRoutineSkip = '8 of 16 grid patches skipped as flat or clipped.';
const engineIcc = 'Embedded ICC profile not applied: analysed on the stored values.';

describe('mergeNotes (intake notes + the engine notes on how it read the file)', () => {
  it('keeps the intake wording and drops the engine notes on the topics it covers', () => {
    expect(mergeNotes([intakeAnimated, intakeCmyk], [engineAnimated, engineCmyk, engineIcc])).toEqual([intakeAnimated, intakeCmyk, engineIcc]);
    expect(mergeNotes([intakeFlat], [engineAllFlat])).toEqual([intakeFlat]);
  });

  it('leaves out routine patch skipping (at most half the grid), keeps it when most of the image was left out', () => {
    expect(mergeNotes([], [engineRoutineSkip, engineIcc])).toEqual([engineIcc]);
    expect(mergeNotes([], ['1 of 4 grid patches skipped as flat or clipped.'])).toEqual([]);
    expect(mergeNotes([], ['3 of 4 grid patches skipped as flat or clipped.'])).toEqual(['3 of 4 grid patches skipped as flat or clipped.']);
  });

  it('keeps engine notes the intake facts do not cover, once each', () => {
    expect(mergeNotes([], [engineAnimated, engineAllFlat, engineSkipped, engineSkipped])).toEqual([engineAnimated, engineAllFlat, engineSkipped]);
    expect(mergeNotes([intakeCmyk], [engineSkipped])).toEqual([intakeCmyk, engineSkipped]);
  });
});
