export * from "./wav";
export * from "./peaks";
export * from "./loudness";
export * from "./wav-writer";
export * from "./wav-reader";
export * from "./mastering";
export * from "./flac";
export * from "./mix";
