/**
 * Lifecycle claims proven with the real `pulumi` CLI on a local file backend, against the
 * emulator: create, no-op, update in place, replacement order, refresh drift, out-of-band
 * deletion, adoption, secrets, destroy. The tests run in order on one stack, as a user's
 * sequence of deployments would.
 */
import { CloudWorksClient } from "../../provider/client";
import {
  names,
  PROGRAM_CONNECTIONS,
  PROGRAM_INTEGRATIONS,
  NOTIFY_USER,
  SECRETS,
  startEngineFixture,
} from "./support";
import type { EngineFixture } from "./support";

// Most tests run several real CLI commands (config set, up, preview, refresh, destroy), each
// starting the language host and the provider: on a loaded 2-core machine one test can take
// minutes. The limit only has to catch a hang.
jest.setTimeout(600_000);

let fixture: EngineFixture;
beforeAll(async () => {
  fixture = await startEngineFixture();
}, 600_000);
afterAll(() => fixture?.dispose());

function integrationNamed(name: string) {
  const found = Object.values(fixture.emulator.state.integrations).find((i) => i.name === name);
  if (!found) throw new Error(`no integration named ${name}`);
  return found;
}

it("up creates every connection type, import, export and process integrations, a schedule, notifications, a flow and a run", async () => {
  const { stack, emulator } = fixture;
  await stack.up();
  expect(names(emulator, "connections")).toEqual(PROGRAM_CONNECTIONS);
  expect(names(emulator, "integrations")).toEqual(PROGRAM_INTEGRATIONS);
  expect(names(emulator, "integrationFlows")).toEqual(["Demo Accounts Flow"]);
  const types = Object.values(emulator.state.connections)
    .map((c) => c.connectionType)
    .sort();
  expect(types).toEqual(["AmazonS3", "AzureBlob", "GoogleBigQuery"]);
  expect(
    Object.values(emulator.state.integrations)
      .map((i) => i.integrationType)
      .sort(),
  ).toEqual(["Export", "Import", "Import", "Process"]);
  const accounts = integrationNamed("Demo Load Accounts");
  expect(accounts.schedule).toMatchObject({ type: "daily", time: "02:00", status: "Active" });
  expect(JSON.stringify(emulator.state.notifications[accounts.notificationId as string])).toContain(
    NOTIFY_USER,
  );
  const outputs = await stack.outputs();
  expect(outputs.runResult).toMatchObject({ success: true, message: "Success" });
  expect(Object.keys(emulator.state.runs).length).toBeGreaterThanOrEqual(1);
});

it("a second up and a preview report no changes", async () => {
  const { stack } = fixture;
  const again = await stack.up();
  expect(again.stdout).toMatch(/10 unchanged/);
  expect(again.stdout).not.toMatch(/updated|created|replaced/);
  await stack.preview(true);
});

it("keeps every secret out of the state, the outputs and everything the CLI printed", async () => {
  const { stack } = fixture;
  const { text, deployment } = await stack.exportState();
  const everything = [
    text,
    stack.transcript.join("\n"),
    JSON.stringify(await stack.outputs()),
  ].join("\n");
  const plaintexts = [
    SECRETS.password,
    SECRETS.s3SecretAccessKey,
    SECRETS.azureSasToken,
    "BIGQUERY-PRIVATE-KEY-LINE-91c2",
    fixture.certificateKeyPem.split("\n")[1],
  ];
  for (const secret of plaintexts) expect(everything).not.toContain(secret);
  const resources = deployment.resources ?? [];
  const s3 = resources.find((r) => r.urn.endsWith("::landing-s3"));
  // The secret is in state, encrypted: the provider needs it for full-body updates.
  expect(JSON.stringify(s3?.outputs?.secretAccessKey)).toContain(
    "4dabf18193072939515e22adb298388d",
  );
  for (const resource of resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"))) {
    const provider = String(resource.inputs?.__provider ?? "");
    expect(provider).toContain('require("pulumi-cloudworks/dynamic")');
    expect(provider).not.toMatch(/\/tmp\/|\/work\/|\/home\/|\/root\/|axios/);
  }
});

it("updates a changed schedule in place", async () => {
  const { stack } = fixture;
  const before = integrationNamed("Demo Load Accounts").integrationId;
  await stack.setConfig("scheduleTime", "04:30");
  const result = await stack.up();
  expect(result.stdout).toMatch(/Integration load-accounts updated .*\[diff: ~schedule\]/);
  expect(result.stdout).toMatch(/~ 1 updated/);
  const after = integrationNamed("Demo Load Accounts");
  expect(after.integrationId).toBe(before);
  expect(after.schedule).toMatchObject({ time: "04:30" });
});

it("replaces what CloudWorks cannot change in place, deleting first when the name must stay unique", async () => {
  const { stack, emulator } = fixture;
  const exportBefore = integrationNamed("Demo Export Accounts").integrationId;
  const azureBefore = Object.values(emulator.state.connections).find(
    (c) => c.body.name === "Demo Landing Azure",
  )?.connectionId;
  await stack.setConfig("exportAsProcess", "true");
  const result = await stack.up();
  const exportAfter = integrationNamed("Demo Export Accounts");
  expect(exportAfter.integrationId).not.toBe(exportBefore);
  expect(exportAfter.integrationType).toBe("Process");
  expect(emulator.state.integrations[exportBefore]).toBeUndefined();
  // Same name: the original must go before its replacement can take the name.
  const lines = result.stdout.split("\n");
  const deleted = lines.findIndex((l) => /export-accounts deleted original/.test(l));
  const created = lines.findIndex((l) => /export-accounts created replacement/.test(l));
  expect(deleted).toBeGreaterThanOrEqual(0);
  expect(created).toBeGreaterThan(deleted);
  expect(names(emulator, "integrations")).toEqual(PROGRAM_INTEGRATIONS);
  expect(azureBefore).toBeDefined();
});

it("finds an out-of-band edit on refresh and corrects it on the next up", async () => {
  const { stack, emulator } = fixture;
  const details = integrationNamed("Demo Load Account Details");
  details.jobs[0].sources[0].file = "source/edited_in_ui.csv";
  const accounts = integrationNamed("Demo Load Accounts");
  accounts.schedule!.status = "Inactive";
  emulator.saveState();
  const refresh = await stack.refresh();
  expect(refresh.stdout).toMatch(/Integration load-account-details updated .*\[diff: ~jobs\]/);
  const preview = await stack.preview(false);
  expect(preview.stdout).toMatch(/Integration load-account-details update \[diff: ~jobs\]/);
  expect(preview.stdout).toMatch(/Integration load-accounts update \[diff: ~schedule\]/);
  // Resources that only reference the drifted ones are not dragged into the change.
  expect(preview.stdout).not.toMatch(
    /IntegrationFlow accounts-flow update|IntegrationRun load-on-deploy replace/,
  );
  await stack.up();
  expect(integrationNamed("Demo Load Account Details").jobs[0].sources[0].file).toBe(
    "source/account_details.csv",
  );
  expect(integrationNamed("Demo Load Accounts").schedule?.status).toBe("Active");
  await stack.preview(true);
});

it("drops an object deleted out of band from state on refresh and recreates it on up", async () => {
  const { stack, emulator } = fixture;
  const gone = integrationNamed("Demo Export Accounts").integrationId;
  // Deleted through the API, as the UI would (its notification config goes with it).
  await uiClient().deleteIntegration(gone);
  const refresh = await stack.refresh();
  expect(refresh.stdout).toMatch(/export-accounts deleted/);
  await stack.up();
  const recreated = integrationNamed("Demo Export Accounts");
  expect(recreated.integrationId).not.toBe(gone);
  expect(names(emulator, "integrations")).toEqual(PROGRAM_INTEGRATIONS);
});

it("adopts a connection that already exists instead of creating one", async () => {
  const { stack, emulator } = fixture;
  const madeInUi = await uiClient().createConnection({
    type: "AmazonS3",
    body: {
      name: "Made In The UI",
      bucketName: "acme-adopted",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "ui-secret",
    },
  });
  await stack.setConfig("adoptConnectionId", madeInUi);
  await stack.up();
  expect(Object.keys(emulator.state.connections)).toHaveLength(4);
  expect(emulator.state.connections[madeInUi].body.name).toBe("Demo Adopted");
  expect((await stack.outputs()).connectionIds).toMatchObject({ adopted: madeInUi });
  await stack.preview(true);
});

it("destroy leaves the tenant empty", async () => {
  const { stack, emulator } = fixture;
  await stack.destroy();
  expect(emulator.state.connections).toEqual({});
  expect(emulator.state.integrations).toEqual({});
  expect(emulator.state.integrationFlows).toEqual({});
  expect(emulator.state.notifications).toEqual({});
});

/** A client acting as a person working in the CloudWorks UI. */
function uiClient(): CloudWorksClient {
  return new CloudWorksClient({
    apiUrl: fixture.emulator.url,
    authUrl: fixture.emulator.url,
    credentials: { kind: "basic", username: "demo@example.com", password: SECRETS.password },
  });
}
