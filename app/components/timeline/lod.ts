/**
 * Level of detail on the timeline: how a clip is drawn depends on how wide it is at the zoom blocks are laid out
 * at. Far out (the whole song on screen) a clip is a few pixels wide; mounting thousands of interactive blocks
 * with waveforms for that is what stalled zooming out. The thresholds live here so the lanes (which mount
 * blocks) and the canvases (which draw what is not mounted) always agree.
 */

/** MIDI clips narrower than this are not mounted as blocks: NotesCanvas draws them as plain bars. */
export const MIN_MIDI_BLOCK_PX = 8;

/** Audio clips narrower than this are mounted as plain blocks (selectable, draggable) without waveform and handles. */
export const MIN_AUDIO_DETAIL_PX = 40;

/** Does a MIDI clip of `lengthTicks` get a block at `pxPerTick` (the layout zoom)? */
export function midiClipHasBlock(lengthTicks: number, pxPerTick: number): boolean {
  return lengthTicks * pxPerTick >= MIN_MIDI_BLOCK_PX;
}

/** Is an audio clip of `lengthTicks` drawn in detail (waveform, fades, gain handle) at `pxPerTick`? */
export function audioClipInDetail(lengthTicks: number, pxPerTick: number): boolean {
  return lengthTicks * pxPerTick >= MIN_AUDIO_DETAIL_PX;
}
