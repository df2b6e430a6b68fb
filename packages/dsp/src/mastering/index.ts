export * from "./true-peak-limiter";
