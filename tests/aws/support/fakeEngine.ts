/**
 * Pulumi mocks for the AWS program tests: answers the three invokes the landing zone makes,
 * gives AWS resources realistic computed outputs, and records every registration together with
 * its raw (serialized) inputs and the dependency URNs the SDK sends to the engine.
 *
 * Dependencies are read from the RegisterResourceRequest itself (by wrapping the mock
 * monitor's registerResource), i.e. exactly what the engine would use to order operations:
 * explicit `dependsOn` plus the resources behind every input Output. Mocks' own
 * `MockResourceArgs` do not carry them, and resource transforms are disabled under mocks.
 */
import * as crypto from "crypto";

import * as pulumi from "@pulumi/pulumi";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";

/** The account the mocked identity invoke answers with. */
export const mockAccount = "111122223333";
/** The region mocked resources report. */
export const mockRegion = "eu-west-1";
/** The caller the mocked identity invoke reports: an assumed-role session. */
export const deployerSessionArn = `arn:aws:sts::${mockAccount}:assumed-role/PulumiDeployer/ci-run-42`;
/** The IAM role behind that session. */
export const deployerRoleArn = `arn:aws:iam::${mockAccount}:role/PulumiDeployer`;

/** The secret-value marker of Pulumi's wire format. */
const secretSig = "1b47061264138c4ac30d75fd1eb44270";
const specialSigKey = "4dabf18193072939515e22adb298388d";

/** One recorded registration. */
export interface RecordedResource {
  type: string;
  name: string;
  urn: string;
  custom: boolean;
  /** Inputs as the mock's newResource saw them (secrets unwrapped). */
  inputs: Record<string, unknown>;
  /** Inputs as serialized on the wire (secrets still marked). */
  rawInputs: Record<string, unknown>;
  /** URNs of all resources this one depends on. */
  dependencies: string[];
  /** The parent's URN. */
  parent: string;
}

/** What the tests query. */
export interface MockRecorder {
  resources: RecordedResource[];
  invokes: { token: string; inputs: Record<string, unknown> }[];
  /** The one recorded resource with this logical name (throws if none or several). */
  byName(name: string): RecordedResource;
  /** Logical names of the resources `name` depends on, sorted. */
  dependencyNames(name: string): string[];
  /** Whether a raw (wire) input property is marked secret. */
  isSecretInput(name: string, property: string): boolean;
}

/**
 * Installs the mocks (once per test file) and returns the recorder.
 *
 * @param preview whether to simulate `pulumi preview`
 */
export function installMocks(preview = false): MockRecorder {
  const resources: RecordedResource[] = [];
  const invokes: MockRecorder["invokes"] = [];

  pulumi.runtime.setMocks(
    {
      newResource(args: pulumi.runtime.MockResourceArgs): {
        id: string;
        state: Record<string, unknown>;
      } {
        const state = { ...(args.inputs as Record<string, unknown>), ...computedOutputs(args) };
        return { id: String(state.id ?? `${args.name}-id`), state };
      },
      call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        invokes.push({ token: args.token, inputs: args.inputs as Record<string, unknown> });
        switch (args.token) {
          case "aws:index/getCallerIdentity:getCallerIdentity":
            return {
              accountId: mockAccount,
              arn: deployerSessionArn,
              userId: "AROAEXAMPLE:ci-run-42",
              id: mockAccount,
            };
          case "aws:iam/getSessionContext:getSessionContext":
            return {
              arn: args.inputs.arn,
              issuerArn:
                String(args.inputs.arn) === deployerSessionArn ? deployerRoleArn : args.inputs.arn,
              issuerId: "AROAEXAMPLE",
              issuerName: "PulumiDeployer",
              sessionName: "ci-run-42",
              id: args.inputs.arn,
            };
          case "aws:index/getPartition:getPartition":
            return {
              partition: "aws",
              dnsSuffix: "amazonaws.com",
              reverseDnsPrefix: "com.amazonaws",
              id: "aws",
            };
          default:
            throw new Error(`unexpected invoke ${args.token}`);
        }
      },
    },
    "cloudworks-landing-zone",
    "test",
    preview,
  );

  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: RegisterResourceRequest, callback: unknown): unknown;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: RegisterResourceRequest, callback: unknown) => {
    const parent = req.getParent();
    const object = req.getObject();
    const qualifiedType = parent
      ? `${parent.split("::")[2].split("$").pop()}$${req.getType()}`
      : req.getType();
    resources.push({
      type: req.getType(),
      name: req.getName(),
      urn: `urn:pulumi:test::cloudworks-landing-zone::${qualifiedType}::${req.getName()}`,
      custom: req.getCustom(),
      inputs: (object === undefined ? {} : pulumi.runtime.deserializeProperties(object)) as Record<
        string,
        unknown
      >,
      rawInputs: (object?.toJavaScript() ?? {}) as Record<string, unknown>,
      dependencies: req.getDependenciesList(),
      parent,
    });
    return original(req, callback);
  };

  const byName = (name: string): RecordedResource => {
    const found = resources.filter((r) => r.name === name);
    if (found.length !== 1) {
      throw new Error(`expected one resource named ${name}, found ${found.length}`);
    }
    return found[0];
  };
  return {
    resources,
    invokes,
    byName,
    dependencyNames(name: string): string[] {
      return byName(name)
        .dependencies.map((urn) => urn.split("::").pop() as string)
        .sort();
    },
    isSecretInput(name: string, property: string): boolean {
      const value = byName(name).rawInputs[property] as Record<string, unknown> | undefined;
      return value !== undefined && value !== null && value[specialSigKey] === secretSig;
    },
  };
}

/** The value of an Output, or the error its computation threw. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

/**
 * The error an Output's computation throws (fails if it resolves instead). Also marks the
 * Output's eagerly created `isKnown`/`isSecret` promises as handled, which would otherwise
 * reject unobserved and crash the test worker. Call it right after the Output is created.
 */
export async function failureOf<T>(output: pulumi.Output<T>): Promise<Error> {
  const internals = output as unknown as { isKnown: Promise<boolean>; isSecret: Promise<boolean> };
  internals.isKnown.catch(() => undefined);
  internals.isSecret.catch(() => undefined);
  try {
    await valueOf(output);
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the Output to fail, but it resolved");
}

/** Waits until every given resource is registered (its URN is known). */
export async function registered(...resources: (pulumi.Resource | undefined)[]): Promise<void> {
  await Promise.all(resources.filter((r) => r !== undefined).map((r) => valueOf(r.urn)));
}

/** The subset of the gRPC request used here. */
interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getDependenciesList(): string[];
}

/** Computed outputs AWS would return, derived from inputs like the real provider. */
function computedOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case "aws:s3/bucket:Bucket": {
      const bucket = String(inputs.bucket ?? `${args.name}-a1b2c3d`);
      return { id: bucket, bucket, arn: `arn:aws:s3:::${bucket}`, region: mockRegion };
    }
    case "aws:kms/key:Key": {
      const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";
      return { id: keyId, keyId, arn: `arn:aws:kms:${mockRegion}:${mockAccount}:key/${keyId}` };
    }
    case "aws:iam/user:User": {
      const name = String(inputs.name ?? `${args.name}-e5f6a7b`);
      return {
        id: name,
        name,
        arn: `arn:aws:iam::${mockAccount}:user${String(inputs.path ?? "/")}${name}`,
      };
    }
    case "aws:iam/accessKey:AccessKey":
      return { id: "AKIAIOSFODNN7EXAMPLE", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
    // The CloudWorks dynamic resources: 32-hex IDs derived from the resource name.
    case "pulumi-nodejs:dynamic/cloudworks:Connection":
      return { id: hexId(args.name), connectionId: hexId(args.name) };
    case "pulumi-nodejs:dynamic/cloudworks:Integration":
      return {
        id: hexId(args.name),
        integrationId: hexId(args.name),
        notificationId: hexId(`n-${args.name}`),
      };
    case "pulumi-nodejs:dynamic/cloudworks:IntegrationFlow":
      return { id: hexId(args.name), flowId: hexId(args.name) };
    case "pulumi-nodejs:dynamic/cloudworks:IntegrationRun":
      return { id: hexId(args.name), runId: hexId(args.name), success: true, message: "Success" };
    default:
      return {};
  }
}

/** A stable 32-character lowercase hex ID, like CloudWorks IDs. */
export function hexId(seed: string): string {
  return crypto.createHash("md5").update(seed).digest("hex");
}
