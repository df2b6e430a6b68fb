export * from "./true-peak-limiter";
export * from "./master-chain";
export * from "./match-target";
export * from "./crossover";
export * from "./multiband-compressor";
