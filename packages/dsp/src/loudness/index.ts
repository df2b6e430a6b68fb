export * from "./k-weighting";
export * from "./true-peak";
export * from "./channel-weights";
export * from "./gating";
export * from "./meter";
export * from "./report";
export * from "./live";
export * from "./ab-match";
