export * from "./gain";
export * from "./automation-curve";
export * from "./meter";
export * from "./biquad";
export * from "./compressor-curve";
export * from "./dynamics";
