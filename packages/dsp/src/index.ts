export * from "./wav";
export * from "./peaks";
export * from "./edit/fades";
