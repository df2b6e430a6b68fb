export * from "./wav";
export * from "./peaks";
export * from "./mix";
