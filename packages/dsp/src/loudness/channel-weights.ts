/**
 * BS.1770 channel weights: 1.0 for front and centre channels, 1.41 (+1.5 dB) for the surrounds, LFE left out.
 * Channel identity comes from a WAVE_FORMAT_EXTENSIBLE channel mask when the file has one, otherwise from the
 * WAV default order for the channel count (L R C LFE Ls Rs for 5.1; L R C Ls Rs for 5.0 as in EBU's files).
 */

// dwChannelMask bits (Microsoft's WAVEFORMATEXTENSIBLE).
export const SPEAKER = {
  FRONT_LEFT: 0x1,
  FRONT_RIGHT: 0x2,
  FRONT_CENTER: 0x4,
  LOW_FREQUENCY: 0x8,
  BACK_LEFT: 0x10,
  BACK_RIGHT: 0x20,
  FRONT_LEFT_OF_CENTER: 0x40,
  FRONT_RIGHT_OF_CENTER: 0x80,
  BACK_CENTER: 0x100,
  SIDE_LEFT: 0x200,
  SIDE_RIGHT: 0x400,
} as const;

/** Default masks when a file carries none. 5 channels: L R C Ls Rs (no LFE), as EBU's 5.0 test file. */
export function defaultChannelMask(channels: number): number {
  const S = SPEAKER;
  switch (channels) {
    case 1:
      return S.FRONT_CENTER;
    case 2:
      return S.FRONT_LEFT | S.FRONT_RIGHT;
    case 5:
      return S.FRONT_LEFT | S.FRONT_RIGHT | S.FRONT_CENTER | S.BACK_LEFT | S.BACK_RIGHT;
    case 6:
      return S.FRONT_LEFT | S.FRONT_RIGHT | S.FRONT_CENTER | S.LOW_FREQUENCY | S.BACK_LEFT | S.BACK_RIGHT;
    default:
      throw new RangeError(`no default channel layout for ${channels} channels`);
  }
}

const SURROUND = SPEAKER.BACK_LEFT | SPEAKER.BACK_RIGHT | SPEAKER.SIDE_LEFT | SPEAKER.SIDE_RIGHT;
const SURROUND_WEIGHT = 1.41;

/**
 * One weight per channel, in file order: the channels take the mask's set bits from lowest to highest (the WAV
 * rule). Channels beyond the mask's bits are unassigned and weighted 1.0.
 */
export function bs1770ChannelWeights(channels: number, channelMask?: number): number[] {
  const mask = channelMask && channelMask !== 0 ? channelMask : defaultChannelMask(channels);
  const weights: number[] = [];
  for (let bit = 1; bit <= 0x80000000 && weights.length < channels; bit *= 2) {
    if ((mask & bit) === 0) continue;
    if (bit === SPEAKER.LOW_FREQUENCY) weights.push(0);
    else if ((bit & SURROUND) !== 0) weights.push(SURROUND_WEIGHT);
    else weights.push(1);
  }
  while (weights.length < channels) weights.push(1);
  return weights;
}
