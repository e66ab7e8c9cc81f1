// Request and response shapes of the CloudWorks 2.0 and Anaplan authentication APIs
// (shared/reference/cloudworks-api.md §2–§8), one module per concept behind this single entry point.
export * from "./envelope";
export * from "./connections";
export * from "./integrations";
export * from "./schedules";
export * from "./runs";
export * from "./notifications";
export * from "./flows";
export * from "./tokens";
