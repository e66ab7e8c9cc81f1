// A forwarding stub, not a room: the token cache lives in auth.ts beside the sign-in that fills
// it. It stays only because cloudworks.ts, which another change owns, still imports these two
// names from here; delete it once cloudworks.ts imports them from "./auth".
export { sharedTokenCache, TokenCache } from "./auth";
