/**
 * The landing zone's `connection`/`connectionId` types follow `createConnection`: the default
 * zone hands an `Output<string>` straight to an integration job (no `!`), a zone built with
 * `createConnection: false` has neither. The assignments below are checked by `tsc`; the
 * expectations check that the run-time values agree with the types.
 */
import * as pulumi from "@pulumi/pulumi";

import { installMocks, valueOf } from "./support";
import { CloudWorksS3LandingZone } from "../../provider/aws";
import type { IntegrationJobArgs } from "../../provider/resources";

beforeAll(() => {
  installMocks();
});

it("types connectionId as an Output when the zone creates the connection (the default)", async () => {
  const zone = new CloudWorksS3LandingZone("typed", { anaplanRegion: "eu1" });
  // Compiles only because connectionId is not optional here.
  const job: IntegrationJobArgs = {
    type: "AmazonS3ToAnaplan",
    connectionId: zone.connectionId,
    file: "anaplan/accounts.csv",
    actionId: "112000000001",
    fileId: "113000000001",
  };
  expect(pulumi.Output.isInstance(job.connectionId)).toBe(true);
  expect(await valueOf(zone.connectionId)).toMatch(/^[0-9a-f]{32}$/);
});

it("types connectionId as undefined when createConnection is false", () => {
  const zone = new CloudWorksS3LandingZone("untyped", {
    anaplanRegion: "eu1",
    createConnection: false,
  });
  const none: undefined = zone.connectionId;
  const noConnection: undefined = zone.connection;
  expect(none).toBeUndefined();
  expect(noConnection).toBeUndefined();
});
