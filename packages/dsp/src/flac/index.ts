export { FlacEncoder, type FlacOptions } from "./flac-encoder";
