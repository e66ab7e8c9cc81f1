/**
 * The provider's `read` when it serves a resource class's static `get` (properties carrying the
 * get marker) rather than a refresh: the outputs of a managed object, and a missing ID that
 * fails naming the class and the ID where a refresh reads it as deleted.
 */
import type * as pulumi from "@pulumi/pulumi";
import { randomBytes } from "crypto";
import { ConnectionProvider, FlowProvider, IntegrationProvider } from "../../provider/dynamic";
import { GET_MARKER } from "../../provider/dynamic/inputs";
import { MODEL_ID, s3Connection, useProviderHarness, WORKSPACE_ID } from "./support";

const providers: Record<string, { provider: pulumi.dynamic.ResourceProvider; noun: string }> = {
  CloudWorksConnection: { provider: new ConnectionProvider(), noun: "connection" },
  CloudWorksIntegration: { provider: new IntegrationProvider(), noun: "integration" },
  CloudWorksIntegrationFlow: { provider: new FlowProvider(), noun: "flow" },
};
/** What a `get` hands to the engine's read, as the 3.248 host passes it on to `read`. */
const getProps = { [GET_MARKER]: true, __provider: "shim text" } as never;
useProviderHarness();

describe.each(Object.entries(providers))("%s", (kind, { provider, noun }) => {
  const missing = randomBytes(16).toString("hex");

  it("a get of an ID that does not exist fails naming the class and the ID", async () => {
    await expect(provider.read!(missing, getProps)).rejects.toThrow(
      `${kind}.get: no ${noun} with ID ${missing} exists in this tenant`,
    );
  });

  it("a refresh of an object deleted out of band still reads as deleted (blank ID)", async () => {
    await expect(provider.read!(missing, { name: "Made by the stack" } as never)).resolves.toEqual({
      id: "",
    });
  });
});

describe("a get of an object made outside the stack", () => {
  it("has the outputs a managed object has, without the secrets CloudWorks never returns", async () => {
    const connections = new ConnectionProvider();
    const integrations = new IntegrationProvider();
    const flows = new FlowProvider();
    const connection = await connections.create(s3Connection("Shared Landing"));
    const job = (file: string, n: number) => ({
      type: "AmazonS3ToAnaplan" as const,
      connectionId: connection.id,
      file,
      actionId: `11200000000${n}`,
      fileId: `11300000000${n}`,
    });
    const integrationInputs = (name: string, n: number) => ({
      name,
      workspaceId: WORKSPACE_ID,
      modelId: MODEL_ID,
      jobs: [job(`source/${n}.csv`, n)],
    });
    const first = await integrations.create(integrationInputs("Shared Accounts", 1));
    const second = await integrations.create(integrationInputs("Shared Details", 2));
    const flow = await flows.create({
      name: "Shared Flow",
      steps: [{ integrationId: first.id }, { integrationId: second.id }],
    });

    // A create returns no server fields (they arrive with the next read), so compare a get with
    // what a refresh of the managed object shows.
    const refreshed = async (
      provider: { read?: (id: string, props: never) => Promise<{ props?: unknown }> },
      created: { id: string; outs?: unknown },
    ) => (await provider.read!(created.id, created.outs as never)).props as Record<string, unknown>;

    const gotConnection = await connections.read!(connection.id, getProps);
    const {
      secretAccessKey: _secret,
      accessKeyId: _keyId,
      ...visible
    } = await refreshed(connections, connection);
    expect(gotConnection).toMatchObject({ id: connection.id, props: visible });
    expect(gotConnection.props).not.toHaveProperty("secretAccessKey");

    expect(await integrations.read!(first.id, getProps)).toMatchObject({
      id: first.id,
      props: await refreshed(integrations, first),
    });
    expect(await flows.read!(flow.id, getProps)).toMatchObject({
      id: flow.id,
      props: await refreshed(flows, flow),
    });
  });
});
