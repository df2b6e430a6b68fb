export * from "./wav";
export * from "./peaks";
