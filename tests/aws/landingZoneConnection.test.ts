/**
 * What the landing zone hands to CloudWorksConnection, seen from the program side: the
 * constructor is wrapped to record its arguments and options, so the explicit `dependsOn` list
 * and the secret-ness of the Output given to the class are checked directly (landingZone.test.ts
 * checks the same on the wire to the engine).
 */
import * as pulumi from "@pulumi/pulumi";

import { installMocks, registered, valueOf } from "./support";
import { CloudWorksS3LandingZone } from "../../provider/aws";
import type { CloudWorksConnectionArgs } from "../../provider/resources/connection";

interface RecordedConnection {
  name: string;
  args: CloudWorksConnectionArgs;
  opts: pulumi.CustomResourceOptions | undefined;
}

const recordedConnections: RecordedConnection[] = [];

jest.mock("../../provider/resources/connection", () => {
  const actual = jest.requireActual("../../provider/resources/connection");
  class RecordingConnection extends actual.CloudWorksConnection {
    constructor(name: string, args: CloudWorksConnectionArgs, opts?: pulumi.CustomResourceOptions) {
      super(name, args, opts);
      recordedConnections.push({ name, args, opts });
    }
  }
  return { ...actual, CloudWorksConnection: RecordingConnection };
});

beforeAll(() => {
  installMocks();
});

it("builds an AmazonS3 connection from the bucket and the access key, with the secret kept secret", async () => {
  const lz = new CloudWorksS3LandingZone("conn", {
    bucketName: "acme-landing-conn",
    anaplanRegion: "us1",
    connectionName: "Acme S3 landing zone",
    workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
  });
  await registered(lz.connection);
  expect(recordedConnections).toHaveLength(1);
  const [{ name, args, opts }] = recordedConnections;
  expect(name).toBe("conn-connection");
  expect(args.type).toBe("AmazonS3");
  expect(args.name).toBe("Acme S3 landing zone");
  expect(args.workspaceId).toBe("8a868cd97f8f98a3017fe45cbdc65e25");
  expect(await valueOf(pulumi.output(args.bucketName))).toBe("acme-landing-conn");
  expect(await valueOf(pulumi.output(args.accessKeyId))).toBe("AKIAIOSFODNN7EXAMPLE");
  const secret = pulumi.output(args.secretAccessKey);
  expect(await pulumi.isSecret(secret)).toBe(true);
  expect(args.roleArn).toBeUndefined();

  // Explicit ordering: CloudWorks must never see a half-configured bucket or an ungranted user.
  expect(opts?.parent).toBe(lz);
  expect(opts?.dependsOn).toEqual(
    expect.arrayContaining([
      lz.bucketPolicy,
      lz.encryption,
      lz.publicAccessBlock,
      lz.ownershipControls,
      lz.cloudWorksUserPolicy,
    ]),
  );
  expect(lz.connectionId).toBe(lz.connection?.connectionId);
});
