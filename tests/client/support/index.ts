/**
 * Shared setup for the client suites, the one module they import: test PKI (pki.ts), a
 * recording pass-through proxy in front of the emulator (recordingProxy.ts) and a scriptable
 * server for failure timing the emulator cannot produce, with an HTTPS endpoint for the transport
 * tests (scriptedServer.ts).
 */
export * from "./pki";
export * from "./recordingProxy";
export * from "./scriptedServer";
export * from "./emulatorClient";
