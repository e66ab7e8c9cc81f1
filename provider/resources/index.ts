export * from "./connection";
export * from "./integration";
export * from "./flow";
export * from "./run";
