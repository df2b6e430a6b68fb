export { WRITE_REFUSAL_CODES, type WriteRefusal, type WriteRefusalCode } from "./refusal";
export { checkSongStructs, checkSongUpdate } from "./song-write";
export { checkCommentsUpdate } from "./comments-write";
export { isOwnMessage, type CommentWriter } from "./comment-rules";
export { StructPlaces, type StructPlace } from "./struct-places";
