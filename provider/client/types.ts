// Request and response shapes of the CloudWorks 2.0 and Anaplan authentication APIs
// (shared/reference/cloudworks-api.md §2–§8), one module per concept in types/, behind this single
// entry point. It stays a file rather than types/index.ts: Node resolves ./types to types.js
// before types/index.js, so a dist/ built before the split would otherwise keep serving its stale
// types.js and types.d.ts.
export * from "./types/envelope";
export * from "./types/connections";
export * from "./types/integrations";
export * from "./types/schedules";
export * from "./types/runs";
export * from "./types/notifications";
export * from "./types/flows";
export * from "./types/tokens";
