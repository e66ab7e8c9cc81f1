// A forwarding stub, not a room: the retry loop lives in http.ts beside the transport it drives.
// It stays only because cloudworks.ts, which another change owns, still imports these two names
// from here; delete it once cloudworks.ts imports them from "./http".
export type { RetryPolicy } from "./http";
export { sleep } from "./http";
