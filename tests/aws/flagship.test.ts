/**
 * The flagship program (examples/flagship/index.ts) under Pulumi mocks: the whole graph for
 * both load modes, with its dependency edges, and its documented configuration.
 *
 * The program imports the package by name ("pulumi-cloudworks"). Node resolves that
 * self-reference at run time, but neither the repository's TypeScript config (module resolution
 * "node") nor jest does, so the test transpiles the program itself and hands it a `require` that
 * maps the package name to the sources. Type checking of the program is done by
 * `tsc -p examples/flagship/tsconfig.json`, which maps the name with `paths`.
 */
import * as fs from "fs";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";

import {
  FLAGSHIP_RESOURCES,
  hexId,
  installMocks,
  MockRecorder,
  RecordedResource,
  valueOf,
} from "./support";

const repoRoot = path.join(__dirname, "..", "..");
const programDir = path.join(repoRoot, "examples", "flagship");
const programPath = path.join(programDir, "index.ts");
const project = "cloudworks-landing-zone";

const baseConfig: Record<string, string> = {
  anaplanRegion: "eu1",
  adminRoleArns: JSON.stringify(["arn:aws:iam::111122223333:role/LandingZoneAdmin"]),
  bucketName: "acme-cloudworks-accounts-test",
  workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
  modelId: "75A40874E6B64FA3AE0743278996850F",
  accountsImportActionId: "112000000001",
  accountDetailsImportActionId: "112000000002",
  accountsFileId: "113000000001",
  accountsExportActionId: "116000000001",
  scheduleStartDate: "2027-01-04",
  notifyUserGuids: JSON.stringify(["840ccd8a279a454d99577d9538f24f09"]),
  // Mocks give every resource an ID, so a run-history lookup would call CloudWorks for real; the
  // lookup runs on the real engine in tests/engine/flagship.test.ts.
  runHistoryLimit: "0",
};

let recorder: MockRecorder;

beforeAll(() => {
  recorder = installMocks();
});

/** Runs the program with the given config; returns its stack outputs and what it registered. */
async function runProgram(config: Record<string, string>) {
  pulumi.runtime.setAllConfig(
    Object.fromEntries(Object.entries(config).map(([key, value]) => [`${project}:${key}`, value])),
  );
  const start = recorder.resources.length;
  const { outputText } = ts.transpileModule(fs.readFileSync(programPath, "utf8"), {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
    fileName: programPath,
  });
  const module = { exports: {} as Record<string, unknown> };
  const programRequire = (id: string): unknown =>
    id === "pulumi-cloudworks"
      ? require("../../provider")
      : id === "pulumi-cloudworks/aws"
        ? require("../../provider/aws")
        : require(id);
  new Function("exports", "require", "module", "__filename", "__dirname", outputText)(
    module.exports,
    programRequire,
    module,
    programPath,
    programDir,
  );
  const outputs = await resolveAll(module.exports);
  await settled(recorder);
  const registered = recorder.resources.slice(start);
  const byName = (name: string): RecordedResource => {
    const found = registered.filter((r) => r.name === name);
    if (found.length !== 1) {
      throw new Error(`expected one resource named ${name}, found ${found.length}`);
    }
    return found[0];
  };
  const dependencyNames = (name: string): string[] =>
    byName(name)
      .dependencies.map((urn) => urn.split("::").pop() as string)
      .sort();
  return { outputs, registered, byName, dependencyNames };
}

describe("flagship program, loadMode flow (default)", () => {
  let run: Awaited<ReturnType<typeof runProgram>>;
  beforeAll(async () => {
    run = await runProgram(baseConfig);
  });

  it("registers the landing zone, the upload and every CloudWorks object", () => {
    expect(run.registered.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [...FLAGSHIP_RESOURCES].sort(),
    );
  });

  it("uploads the CSV under the prefix, after default encryption and the bucket policy", () => {
    const upload = run.byName("accounts-csv");
    expect(upload.inputs).toMatchObject({
      bucket: "acme-cloudworks-accounts-test",
      key: "anaplan/source/accounts.csv",
      contentType: "text/csv",
    });
    // No SSE header: the bucket's default SSE-KMS applies the landing-zone key.
    expect(upload.inputs).not.toHaveProperty("serverSideEncryption");
    expect(upload.inputs).not.toHaveProperty("kmsKeyId");
    expect(run.dependencyNames("accounts-csv")).toEqual(
      expect.arrayContaining([
        "landing-zone-encryption",
        "landing-zone-bucket-policy",
        "landing-zone-bucket",
      ]),
    );
  });

  it("imports the CSV into the Accounts list and the AccountDetails module over the landing-zone connection", () => {
    const connectionId = hexId("landing-zone-connection");
    expect(run.byName("load-accounts-list").inputs).toMatchObject({
      name: "Accounts list",
      workspaceId: "8a868cd97f8f98a3017fe45cbdc65e25",
      modelId: "75A40874E6B64FA3AE0743278996850F",
      jobs: [
        {
          type: "AmazonS3ToAnaplan",
          connectionId,
          file: "anaplan/source/accounts.csv",
          actionId: "112000000001",
          fileId: "113000000001",
        },
      ],
    });
    expect(run.byName("load-account-details").inputs).toMatchObject({
      name: "Accounts details",
      jobs: [
        {
          type: "AmazonS3ToAnaplan",
          connectionId,
          actionId: "112000000002",
          fileId: "113000000001",
        },
      ],
    });
    for (const name of ["load-accounts-list", "load-account-details", "export-accounts"]) {
      expect(run.dependencyNames(name)).toContain("landing-zone-connection");
      expect(run.byName(name).inputs.notifications).toEqual({
        channels: ["email", "in_app"],
        fullFailure: ["840ccd8a279a454d99577d9538f24f09"],
        partialFailure: ["840ccd8a279a454d99577d9538f24f09"],
      });
    }
  });

  it("chains the two imports in a flow that stops when the list load fails", () => {
    expect(run.byName("load-accounts").inputs).toMatchObject({
      name: "Accounts load",
      steps: [
        {
          integrationId: hexId("load-accounts-list"),
          onFailure: "stop",
          onPartialSuccess: "continue",
        },
        {
          integrationId: hexId("load-account-details"),
          onFailure: "stop",
          onPartialSuccess: "continue",
        },
      ],
    });
    expect(run.dependencyNames("load-accounts")).toEqual([
      "load-account-details",
      "load-accounts-list",
    ]);
  });

  it("exports back to the bucket on a daily schedule", () => {
    expect(run.byName("export-accounts").inputs).toMatchObject({
      name: "Accounts export",
      jobs: [
        {
          type: "AnaplanToAmazonS3",
          connectionId: hexId("landing-zone-connection"),
          file: "anaplan/exports/",
          actionId: "116000000001",
          overwrite: true,
        },
      ],
      schedule: {
        name: "Accounts nightly export",
        type: "daily",
        time: "02:00",
        startDate: "2027-01-04",
        timezone: "Europe/London",
        enabled: true,
      },
    });
  });

  it("runs the flow on deploy, after the upload, keyed to the CSV's content", () => {
    const loadRun = run.byName("load-on-deploy");
    expect(loadRun.inputs).toMatchObject({
      flowId: hexId("load-accounts"),
      triggers: { sourceSha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      timeoutSeconds: 1800,
      failOnError: true,
    });
    expect(loadRun.inputs).not.toHaveProperty("integrationId");
    expect(run.dependencyNames("load-on-deploy")).toEqual(
      expect.arrayContaining(["accounts-csv", "load-accounts"]),
    );
  });

  it("exports the review outputs: policies, allowlist, IDs and the run result", () => {
    const outputs = run.outputs;
    expect(outputs.bucketName).toBe("acme-cloudworks-accounts-test");
    expect(outputs.connectionId).toBe(hexId("landing-zone-connection"));
    expect(outputs.loadIntegrationIds).toEqual([
      hexId("load-accounts-list"),
      hexId("load-account-details"),
    ]);
    expect(outputs.loadFlowId).toBe(hexId("load-accounts"));
    expect(outputs.exportIntegrationId).toBe(hexId("export-accounts"));
    expect(outputs.loadRunResult).toEqual({
      runId: hexId("load-on-deploy"),
      success: true,
      message: "Success",
    });
    expect(outputs.allowlist).toContain("64.124.186.246/32");
    for (const policy of ["bucketPolicy", "keyPolicy", "cloudWorksUserPolicy"]) {
      expect(JSON.parse(outputs[policy] as string).Version).toBe("2012-10-17");
    }
    expect(Object.keys(outputs)).not.toContain("secretAccessKey");
  });
});

describe("flagship program, loadMode process", () => {
  it("loads through one process integration with both import jobs and runs it on deploy", async () => {
    const run = await runProgram({
      ...baseConfig,
      loadMode: "process",
      processId: "118000000001",
      notifyUserGuids: "[]",
    });
    const names = run.registered.map((r) => r.name);
    expect(names).not.toContain("load-accounts-list");
    expect(run.registered.filter((r) => r.type.endsWith(":IntegrationFlow"))).toEqual([]);
    const load = run.byName("load-accounts");
    expect(load.type).toBe("pulumi-nodejs:dynamic/cloudworks:Integration");
    expect(load.inputs).toMatchObject({
      name: "Accounts load",
      processId: "118000000001",
      jobs: [
        {
          type: "AmazonS3ToAnaplan",
          actionId: "112000000001",
          file: "anaplan/source/accounts.csv",
        },
        {
          type: "AmazonS3ToAnaplan",
          actionId: "112000000002",
          file: "anaplan/source/accounts.csv",
        },
      ],
    });
    expect(load.inputs).not.toHaveProperty("notifications");
    expect(run.byName("load-on-deploy").inputs).toMatchObject({
      integrationId: hexId("load-accounts"),
    });
    expect(run.outputs.loadFlowId).toBeUndefined();
  });

  it("refuses an unknown loadMode", async () => {
    await expect(runProgram({ ...baseConfig, loadMode: "parallel" })).rejects.toThrow(
      /config loadMode "parallel" is invalid: must be "flow" or "process"/,
    );
  });
});

describe("flagship project files and documented configuration", () => {
  const program = fs.readFileSync(programPath, "utf8");
  const keys = [
    ...program.matchAll(
      /config\.(?:get|require|getObject|getBoolean|getNumber)(?:<[^>]+>)?\("([A-Za-z]+)"\)/g,
    ),
  ]
    .map((match) => match[1])
    .filter((key, i, all) => all.indexOf(key) === i);

  it("reads a known set of config keys", () => {
    expect(keys.length).toBeGreaterThanOrEqual(25);
  });

  it.each(["README.md", "Pulumi.dev.yaml.sample"])("documents every key in %s", (file) => {
    const text = fs.readFileSync(path.join(programDir, file), "utf8");
    for (const key of keys) {
      expect(text).toContain(file === "README.md" ? `\`${key}\`` : `${project}:${key}`);
    }
  });

  it("has a root Pulumi.yaml that runs this program with this folder's stack config", () => {
    const root = fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8");
    expect(root).toMatch(/^name: cloudworks-landing-zone$/m);
    expect(root).toMatch(/^runtime: nodejs$/m);
    expect(root).toMatch(/^main: examples\/flagship\/$/m);
    expect(root).toMatch(/^stackConfigDir: examples\/flagship$/m);
    const local = fs.readFileSync(path.join(programDir, "Pulumi.yaml"), "utf8");
    expect(local).toMatch(/^name: cloudworks-landing-zone$/m);
  });

  it("ships a well-formed source CSV", () => {
    const lines = fs
      .readFileSync(path.join(programDir, "source", "accounts.csv"), "utf8")
      .trim()
      .split("\n");
    const columns = lines[0].split(",").length;
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line.split(",")).toHaveLength(columns);
    }
  });
});

/** Resolves every Output among a program's exports (one level deep, as the program uses). */
async function resolveAll(exports: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(exports)) {
    out[key] = pulumi.Output.isInstance(value)
      ? await valueOf(value)
      : await valueOf(pulumi.output(value));
  }
  return out;
}

/** Waits until no new registration has arrived for a while. */
async function settled(mockRecorder: MockRecorder): Promise<void> {
  let count = -1;
  while (count !== mockRecorder.resources.length) {
    count = mockRecorder.resources.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
