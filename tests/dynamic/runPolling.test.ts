/**
 * Run polling adapts to the run: a short run is seen ending after a few quick status requests
 * instead of one 5 s wait, a long run settles at one request per `cloudworks:runPollMaxSeconds`
 * (5 s by default). Counted in status requests the emulator served, never in wall time.
 */
import type { RunningEmulator } from "../../emulator";
import { ConnectionProvider, IntegrationProvider, RunProvider } from "../../provider/dynamic";
import { pollDelays } from "../../provider/dynamic/run";
import { configureFor, s3Connection, s3Import, startProviderHarness } from "./support";

const STATUS_ROUTE = /^GET \/2\/0\/integrations\/run\//;
let emulator: RunningEmulator | undefined;

/** Runs an import on a fresh emulator whose runs last `runDurationMs`; counts status requests. */
async function runWith(config: Record<string, string>, runDurationMs: number) {
  emulator = await startProviderHarness({ runDurationMs });
  configureFor(emulator, config);
  const connectionId = (await new ConnectionProvider().create(s3Connection("Landing"))).id;
  const integrationId = (await new IntegrationProvider().create(s3Import("Accounts", connectionId)))
    .id;
  emulator.resetCounts();
  const result = await new RunProvider().create({ integrationId });
  const statusRequests = Object.entries(emulator.requestCounts())
    .filter(([route]) => STATUS_ROUTE.test(route))
    .reduce((sum, [, count]) => sum + count, 0);
  return { result, statusRequests };
}

afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

it("backs off from 250 ms to the 5 s maximum", () => {
  expect(pollDelays(5000, 7)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
  expect(pollDelays(100, 3)).toEqual([100, 100, 100]);
});

it("sees a 300 ms run end after well under 5 s of waiting between polls", async () => {
  const { result, statusRequests } = await runWith({}, 300);
  expect(result.outs).toMatchObject({ success: true });
  // At least one poll found the run still going, so the waits were exercised ...
  expect(statusRequests).toBeGreaterThanOrEqual(2);
  // ... and the waits before the final poll add up to little: the old fixed interval waited 5 s.
  const waited = pollDelays(5000, statusRequests - 1).reduce((a, b) => a + b, 0);
  expect(waited).toBeLessThanOrEqual(1750);
});

it("polls at most every cloudworks:runPollMaxSeconds", async () => {
  const { result, statusRequests } = await runWith({ "cloudworks:runPollMaxSeconds": "0.1" }, 1500);
  expect(result.outs).toMatchObject({ success: true });
  // 1.5 s at one request per 100 ms (plus request time): far more than the default schedule's 4–5.
  expect(statusRequests).toBeGreaterThanOrEqual(8);
});

it("rejects a runPollMaxSeconds that is not a positive number at configure", async () => {
  await expect(
    new RunProvider().configure({
      config: {
        get: (key: string) =>
          ({
            "cloudworks:runPollMaxSeconds": "fast",
            "cloudworks:username": "u",
            "cloudworks:password": "p",
          })[key],
      } as never,
    }),
  ).rejects.toThrow(/cloudworks:runPollMaxSeconds must be a number of seconds above 0/);
});
