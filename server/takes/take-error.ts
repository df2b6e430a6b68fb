import { BandspaceError } from "@bandspace/protocol";

/** Errors that carry the missing seqs (TAKE_INCOMPLETE). */
export class TakeError extends BandspaceError {
  constructor(
    code: BandspaceError["code"],
    message: string,
    readonly missing?: number[],
  ) {
    super(code, message);
  }
  override toPayload() {
    return this.missing ? { ...super.toPayload(), missing: this.missing } : super.toPayload();
  }
}
