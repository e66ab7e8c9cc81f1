/**
 * The fake `aws` resource provider plugin: a gRPC server implementing pulumirpc.ResourceProvider
 * on the stubs shipped with @pulumi/pulumi, backed by the fake cloud in the JSON file named by
 * PULUMI_FAKE_AWS_STATE. Test infrastructure only: installFakeAwsPlugin (index.ts) transpiles it
 * into a PULUMI_HOME, where the real `pulumi` CLI starts it in place of the real provider.
 *
 * Protocol: listen on 127.0.0.1, port chosen by the OS, and print the port as the first line of
 * stdout. The engine passes its own address as an argument; nothing here calls back into it.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";

import {
  CallContext,
  containsUnknown,
  deepEqual,
  FakeAwsError,
  invoke,
  modelOf,
  Props,
} from "./model";
import { logOperation, mutateState, readState, STATE_ENV } from "./state";

/** The version this plugin reports; the installer writes it next to the plugin. */
const VERSION: string = readVersionFile();

function readVersionFile(): string {
  return fs.readFileSync(path.join(__dirname, "VERSION"), "utf8").trim();
}

const PROVIDER_TYPE = "pulumi:providers:aws";
const DEFAULT_REGION = "us-east-1";

let region = DEFAULT_REGION;

function stateFile(): string {
  const file = process.env[STATE_ENV];
  if (!file) {
    throw new FakeAwsError(
      `fake aws plugin: ${STATE_ENV} is not set; set it to the fake cloud's JSON file path in the environment of the pulumi CLI`,
    );
  }
  return file;
}

// --- Struct conversion ---------------------------------------------------------------------------

function toProps(struct: structproto.Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}

function toStruct(props: Props): structproto.Struct {
  return structproto.Struct.fromJavaScript(stripUndefined(props) as Record<string, never>);
}

function stripUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripUndefined);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, stripUndefined(v)]),
    );
  }
  return value;
}

/** Type and name of a resource: from the request when the engine sends them, else the URN. */
function typeAndName(urn: string, type?: string, name?: string): { type: string; name: string } {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return {
    type: type || qualified.slice(qualified.lastIndexOf("$") + 1),
    name: name || parts.slice(3).join("::"),
  };
}

// --- handlers ------------------------------------------------------------------------------------

type Unary<Req, Res> = (
  call: grpc.ServerUnaryCall<Req, Res>,
  callback: grpc.sendUnaryData<Res>,
) => void;

/**
 * Wraps a synchronous handler: a thrown error becomes the RPC's error, message intact. With
 * PULUMI_FAKE_AWS_TRACE set to a file path, every call is appended to it as one JSON line
 * (method, URN or token, and the error if any), to see what the engine asks and in which order.
 */
function unary<Req, Res>(method: string, handler: (request: Req) => Res): Unary<Req, Res> {
  return (call, callback) => {
    let response: Res;
    try {
      response = handler(call.request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof FakeAwsError)) process.stderr.write(`${String(error)}\n`);
      trace(method, call.request, message);
      callback({ code: grpc.status.UNKNOWN, details: message, message } as grpc.ServiceError);
      return;
    }
    trace(method, call.request);
    callback(null, response);
  };
}

function trace(method: string, request: unknown, error?: string): void {
  const file = process.env.PULUMI_FAKE_AWS_TRACE;
  if (!file) return;
  const subject = request as { getUrn?: () => string; getTok?: () => string };
  const target = subject.getUrn?.() ?? subject.getTok?.() ?? "";
  const line = {
    at: performance.timeOrigin + performance.now(),
    pid: process.pid,
    method,
    target,
    error,
  };
  fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
}

function seedRandom(seed: Uint8Array | string): () => string {
  // Derived from the engine's random seed so the same check (preview, then up) names alike.
  let counter = 0;
  const bytes = typeof seed === "string" ? Buffer.from(seed, "base64") : Buffer.from(seed);
  return () => {
    counter += 1;
    const source =
      bytes.length > 0
        ? crypto.createHash("sha256").update(bytes).update(String(counter)).digest("hex")
        : crypto.randomBytes(8).toString("hex");
    return source.slice(0, 7);
  };
}

function check(request: provproto.CheckRequest): provproto.CheckResponse {
  const { type, name } = typeAndName(request.getUrn(), request.getType(), request.getName());
  stateFile();
  const news = toProps(request.getNews());
  const response = new provproto.CheckResponse();
  if (type === PROVIDER_TYPE) {
    response.setInputs(toStruct(news));
    return response;
  }
  const model = modelOf(type);
  const olds = toProps(request.getOlds());
  const missing = model.required.filter((p) => news[p] === undefined || news[p] === null);
  if (missing.length > 0) {
    response.setFailuresList(
      missing.map((property) => {
        const failure = new provproto.CheckFailure();
        failure.setProperty(property);
        failure.setReason(`Missing required argument: The argument "${property}" is required.`);
        return failure;
      }),
    );
    response.setInputs(toStruct(news));
    return response;
  }
  const ctx: CallContext = { name, region };
  response.setInputs(toStruct(model.check(news, olds, ctx, seedRandom(request.getRandomseed()))));
  return response;
}

function diffProps(
  olds: Props,
  news: Props,
  replaceOnly: string[],
  ignoreChanges: string[],
): provproto.DiffResponse {
  const response = new provproto.DiffResponse();
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
  const ignored = (key: string) =>
    ignoreChanges.some(
      (path) => path === key || path.startsWith(`${key}.`) || path.startsWith(`${key}[`),
    );
  const diffs: string[] = [];
  const replaces: string[] = [];
  const detailed = response.getDetaileddiffMap();
  for (const key of keys) {
    if (ignored(key)) continue;
    const before = olds[key];
    const after = news[key];
    const differs = containsUnknown(after) || !deepEqual(before, after);
    if (!differs) continue;
    const replace = replaceOnly.includes(key);
    const K = provproto.PropertyDiff.Kind;
    let kind: provproto.PropertyDiff.Kind;
    if (before === undefined || before === null) kind = replace ? K.ADD_REPLACE : K.ADD;
    else if (after === undefined || after === null) kind = replace ? K.DELETE_REPLACE : K.DELETE;
    else kind = replace ? K.UPDATE_REPLACE : K.UPDATE;
    const property = new provproto.PropertyDiff();
    property.setKind(kind);
    property.setInputdiff(true);
    detailed.set(key, property);
    diffs.push(key);
    if (replace) replaces.push(key);
  }
  response.setChanges(
    diffs.length > 0
      ? provproto.DiffResponse.DiffChanges.DIFF_SOME
      : provproto.DiffResponse.DiffChanges.DIFF_NONE,
  );
  response.setDiffsList(diffs);
  response.setReplacesList(replaces);
  response.setDeletebeforereplace(false);
  response.setHasdetaileddiff(true);
  return response;
}

function diff(request: provproto.DiffRequest): provproto.DiffResponse {
  const { type } = typeAndName(request.getUrn(), request.getType(), request.getName());
  const model = modelOf(type);
  // Inputs against inputs, as the real provider plans: outputs the program never set (arn,
  // tagsAll, …) must not show up as changes.
  const olds = request.hasOldInputs()
    ? toProps(request.getOldInputs())
    : toProps(request.getOlds());
  return diffProps(
    olds,
    toProps(request.getNews()),
    model.replaceOnly,
    request.getIgnorechangesList(),
  );
}

function create(request: provproto.CreateRequest): provproto.CreateResponse {
  const { type, name } = typeAndName(request.getUrn(), request.getType(), request.getName());
  const model = modelOf(type);
  const file = stateFile();
  const inputs = toProps(request.getProperties());
  const ctx: CallContext = { name, region };
  const response = new provproto.CreateResponse();
  if (request.getPreview()) {
    response.setId("");
    response.setProperties(toStruct(model.previewCreate(inputs, ctx)));
    return response;
  }
  const outputs = mutateState(file, (state) => {
    const id = model.create(state, inputs, ctx);
    logOperation(state, "create", type, name, id);
    return { id, props: model.read(state, id, inputs, ctx) ?? inputs };
  });
  response.setId(outputs.id);
  response.setProperties(toStruct(outputs.props));
  return response;
}

function read(request: provproto.ReadRequest): provproto.ReadResponse {
  const { type, name } = typeAndName(request.getUrn(), request.getType(), request.getName());
  const model = modelOf(type);
  const state = readState(stateFile());
  const id = request.getId();
  const oldOutputs = toProps(request.getProperties());
  const response = new provproto.ReadResponse();
  const outputs = model.read(state, id, oldOutputs, { name, region });
  if (outputs === undefined) {
    // Gone: an empty ID tells the engine to drop it from state.
    response.setId("");
    return response;
  }
  response.setId(id);
  response.setProperties(toStruct(outputs));
  response.setInputs(toStruct(model.inputs(state, id, oldOutputs) ?? {}));
  return response;
}

function update(request: provproto.UpdateRequest): provproto.UpdateResponse {
  const { type, name } = typeAndName(request.getUrn(), request.getType(), request.getName());
  const model = modelOf(type);
  const file = stateFile();
  const id = request.getId();
  const oldOutputs = toProps(request.getOlds());
  const oldInputs = request.hasOldInputs() ? toProps(request.getOldInputs()) : oldOutputs;
  const news = toProps(request.getNews());
  const ctx: CallContext = { name, region };
  const response = new provproto.UpdateResponse();
  if (request.getPreview()) {
    response.setProperties(toStruct(model.previewUpdate(oldOutputs, oldInputs, news)));
    return response;
  }
  const outputs = mutateState(file, (state) => {
    const newId = model.update(state, id, oldOutputs, news, ctx);
    logOperation(state, "update", type, name, newId);
    return model.read(state, newId, { ...oldOutputs, ...news }, ctx) ?? news;
  });
  response.setProperties(toStruct(outputs));
  return response;
}

function del(request: provproto.DeleteRequest): emptyproto.Empty {
  const { type, name } = typeAndName(request.getUrn(), request.getType(), request.getName());
  const model = modelOf(type);
  const file = stateFile();
  const id = request.getId();
  const outputs = toProps(request.getProperties());
  mutateState(file, (state) => {
    model.delete(state, id, outputs, { name, region });
    logOperation(state, "delete", type, name, id);
  });
  return new emptyproto.Empty();
}

function checkConfig(request: provproto.CheckRequest): provproto.CheckResponse {
  stateFile();
  const response = new provproto.CheckResponse();
  response.setInputs(request.getNews() ?? new structproto.Struct());
  return response;
}

function diffConfig(request: provproto.DiffRequest): provproto.DiffResponse {
  const olds = request.hasOldInputs()
    ? toProps(request.getOldInputs())
    : toProps(request.getOlds());
  const news = toProps(request.getNews());
  // Only the region matters to the fake cloud; credentials, profiles and the like do not.
  return diffProps({ region: olds.region }, { region: news.region }, [], []);
}

function configure(request: provproto.ConfigureRequest): provproto.ConfigureResponse {
  stateFile();
  const args = toProps(request.getArgs());
  const fromVariables = request.getVariablesMap().get("aws:config:region");
  const configured = typeof args.region === "string" ? args.region : fromVariables;
  if (configured && configured !== "04da6b54-80e4-46f7-96ec-b56ff0331ba9") region = configured;
  const response = new provproto.ConfigureResponse();
  response.setSupportspreview(true);
  response.setAcceptsecrets(false);
  response.setAcceptresources(false);
  response.setAcceptoutputs(false);
  return response;
}

function handshake(
  _request: provproto.ProviderHandshakeRequest,
): provproto.ProviderHandshakeResponse {
  const response = new provproto.ProviderHandshakeResponse();
  response.setAcceptSecrets(false);
  response.setAcceptResources(false);
  response.setAcceptOutputs(false);
  response.setSupportsAutonamingConfiguration(false);
  return response;
}

function invokeRpc(request: provproto.InvokeRequest): provproto.InvokeResponse {
  const response = new provproto.InvokeResponse();
  response.setReturn(toStruct(invoke(request.getTok(), toProps(request.getArgs()))));
  return response;
}

function getPluginInfo(): plugproto.PluginInfo {
  const info = new plugproto.PluginInfo();
  info.setVersion(VERSION);
  return info;
}

function getSchema(): provproto.GetSchemaResponse {
  const response = new provproto.GetSchemaResponse();
  response.setSchema(JSON.stringify({ name: "aws", version: VERSION }));
  return response;
}

function main(): void {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  // Methods left out (Construct, Call, Parameterize, List) answer UNIMPLEMENTED.
  const implementation: Partial<provrpc.IResourceProviderServer> = {
    handshake: unary("Handshake", handshake),
    getPluginInfo: unary("GetPluginInfo", getPluginInfo),
    getSchema: unary("GetSchema", getSchema),
    checkConfig: unary("CheckConfig", checkConfig),
    diffConfig: unary("DiffConfig", diffConfig),
    configure: unary("Configure", configure),
    invoke: unary("Invoke", invokeRpc),
    check: unary("Check", check),
    diff: unary("Diff", diff),
    create: unary("Create", create),
    read: unary("Read", read),
    update: unary("Update", update),
    delete: unary("Delete", del),
    cancel: unary("Cancel", () => new emptyproto.Empty()),
    attach: unary("Attach", () => new emptyproto.Empty()),
    getMapping: unary("GetMapping", () => new provproto.GetMappingResponse()),
    getMappings: unary("GetMappings", () => new provproto.GetMappingsResponse()),
  };
  server.addService(
    provrpc.ResourceProviderService,
    implementation as unknown as grpc.UntypedServiceImplementation,
  );
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) {
      process.stderr.write(`fake aws plugin: cannot listen: ${error.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
}

main();
