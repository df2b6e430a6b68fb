export * from "./ids";
export * from "./roles";
export * from "./errors";
export * from "./yjs-wire";
export * from "./socket";
export * from "./http";
export * from "./takes";
export * from "./review";
