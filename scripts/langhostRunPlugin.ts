/**
 * A front for the legacy Node.js language host that adds `RunPlugin` for policy packs.
 *
 * Why it exists: since CLI v3.221 the engine starts a `runtime: nodejs` policy pack through the
 * Node.js language host's `RunPlugin` RPC whenever a `nodejs` language plugin can be found (and
 * one always can: it is bundled next to the CLI). The only Node.js language host this project can
 * build is the one from sdk v3.68.0 (see scripts/install-pulumi.sh), whose `RunPlugin` answers
 * "not supported", so `pulumi preview --policy-pack <dir>` fails with
 * `could not read plugin [<dir>]: not supported`. The engine's older fallback (a
 * `pulumi-analyzer-policy-nodejs` script) is only used when no `nodejs` language plugin exists
 * at all, which would also break every program run, so it cannot help.
 *
 * This process is installed as `pulumi-language-nodejs`. It starts the real legacy host (found
 * next to the launcher as `pulumi-language-nodejs-legacy`, or at
 * `$PULUMI_LANGUAGE_NODEJS_LEGACY`), relays every RPC to it byte for byte (so status codes such
 * as Unimplemented, which the engine relies on for its compatibility fallbacks, arrive
 * unchanged), and serves `RunPlugin` for `kind: analyzer` itself, as current language hosts do:
 * `node @pulumi/pulumi/cmd/run-policy-pack <args…> <policy pack dir>` in the policy pack
 * directory, with the engine's environment, its stdout/stderr streamed back and its exit code
 * reported last. `RunPlugin` for other plugin kinds is relayed to the legacy host (which refuses
 * it as before).
 *
 * Launched by scripts/pulumi-language-nodejs-runplugin (which sets
 * PULUMI_LANGHOST_LAUNCHER_DIR). scripts/install-pulumi.sh installs it into the tools dir,
 * transpiled, with the generated stubs beside it (`./proto/`, which the install points the
 * `@pulumi/pulumi/proto/...` imports below at) and @grpc/grpc-js + google-protobuf in its own
 * node_modules, so an installed front never loads code from a checkout.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { LanguageRuntimeService } from "@pulumi/pulumi/proto/language_grpc_pb";
import { RunPluginRequest, RunPluginResponse } from "@pulumi/pulumi/proto/language_pb";

/** The file name the legacy host is installed under, next to the launcher. */
export const LEGACY_HOST_NAME = "pulumi-language-nodejs-legacy";

/** The plugin kind the engine sends for policy packs. */
const ANALYZER_KIND = "analyzer";

const identity = (value: Buffer): Buffer => value;

/**
 * Finds the legacy language host binary.
 *
 * @param env the process environment
 * @returns the absolute path of the legacy host
 */
export function findLegacyHost(env: NodeJS.ProcessEnv): string {
  const explicit = env.PULUMI_LANGUAGE_NODEJS_LEGACY;
  const candidates = [
    ...(explicit ? [explicit] : []),
    ...(env.PULUMI_LANGHOST_LAUNCHER_DIR
      ? [path.join(env.PULUMI_LANGHOST_LAUNCHER_DIR, LEGACY_HOST_NAME)]
      : []),
  ];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    `cannot find the legacy Node.js language host: tried ${candidates.join(", ") || "nothing"}; ` +
      `install it as ${LEGACY_HOST_NAME} next to pulumi-language-nodejs or set PULUMI_LANGUAGE_NODEJS_LEGACY`,
  );
}

/**
 * Starts the legacy host with our arguments and resolves with its gRPC port (the first line it
 * prints). Everything it prints afterwards (the output of programs it runs) is passed on to our
 * stdout, where the engine reads it.
 *
 * @param binary the legacy host
 * @param args the arguments the engine gave us
 * @returns the child process and its port
 */
function startLegacyHost(
  binary: string,
  args: string[],
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "inherit"] });
    let buffered = "";
    let resolved = false;
    const onData = (chunk: Buffer): void => {
      if (resolved) {
        process.stdout.write(chunk);
        return;
      }
      buffered += chunk.toString("utf8");
      const newline = buffered.indexOf("\n");
      if (newline === -1) return;
      const port = Number(buffered.slice(0, newline).trim());
      if (!Number.isInteger(port) || port <= 0) {
        reject(
          new Error(`legacy language host printed ${JSON.stringify(buffered)} instead of a port`),
        );
        child.kill();
        return;
      }
      resolved = true;
      const rest = buffered.slice(newline + 1);
      if (rest !== "") process.stdout.write(rest);
      resolve({ child, port });
    };
    child.stdout?.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (!resolved) {
        reject(
          new Error(`legacy language host exited (${signal ?? code}) before printing its port`),
        );
      }
    });
  });
}

/**
 * Builds the service implementation: every method relayed as raw bytes, except `RunPlugin` for
 * analyzers.
 *
 * @param client a generic client connected to the legacy host
 * @returns the definition (with byte-identity serializers) and its implementation
 */
function relayService(client: grpc.Client): {
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
} {
  const definition: Record<string, grpc.MethodDefinition<Buffer, Buffer>> = {};
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(LanguageRuntimeService)) {
    const {
      path: rpcPath,
      requestStream,
      responseStream,
    } = method as grpc.MethodDefinition<unknown, unknown>;
    definition[name] = {
      path: rpcPath,
      requestStream,
      responseStream,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
    };
    if (!requestStream && !responseStream) {
      implementation[name] = (
        call: grpc.ServerUnaryCall<Buffer, Buffer>,
        callback: grpc.sendUnaryData<Buffer>,
      ) => {
        client.makeUnaryRequest(
          rpcPath,
          identity,
          identity,
          call.request,
          call.metadata,
          {},
          (error, response) => callback(error, response),
        );
      };
    } else if (!requestStream && responseStream) {
      const relay = (call: grpc.ServerWritableStream<Buffer, Buffer>): void => {
        const upstream = client.makeServerStreamRequest(
          rpcPath,
          identity,
          identity,
          call.request,
          call.metadata,
          {},
        );
        upstream.on("data", (chunk: Buffer) => call.write(chunk));
        upstream.on("end", () => call.end());
        upstream.on("error", (error: grpc.ServiceError) => call.emit("error", error));
        call.on("cancelled", () => upstream.cancel());
      };
      implementation[name] =
        rpcPath === "/pulumirpc.LanguageRuntime/RunPlugin"
          ? (call: grpc.ServerWritableStream<Buffer, Buffer>) => {
              const request = RunPluginRequest.deserializeBinary(call.request);
              if (request.getKind() === ANALYZER_KIND) runPolicyPack(request, call);
              else relay(call);
            }
          : relay;
    } else {
      // No client- or bidi-streaming method is used with a Node.js language host today; refuse
      // rather than guess a relay the engine has never exercised.
      implementation[name] = (call: grpc.ServerDuplexStream<Buffer, Buffer>) =>
        call.emit("error", {
          code: grpc.status.UNIMPLEMENTED,
          details: `${rpcPath} is not relayed`,
        });
    }
  }
  return { definition, implementation };
}

/**
 * Runs a policy pack the way current Node.js language hosts do and streams its output back.
 *
 * @param request the engine's request
 * @param call the response stream
 */
function runPolicyPack(
  request: RunPluginRequest,
  call: grpc.ServerWritableStream<Buffer, Buffer>,
): void {
  const send = (response: RunPluginResponse): void => {
    call.write(Buffer.from(response.serializeBinary()));
  };
  const finish = (code: number): void => {
    send(new RunPluginResponse().setExitcode(code));
    call.end();
  };
  const packDir = request.getInfo()?.getProgramDirectory() || request.getPwd();
  let runPath: string;
  try {
    runPath = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  } catch {
    // The engine recognises this exact text and tells the user to install the pack's dependencies.
    send(
      new RunPluginResponse().setStderr(
        Buffer.from("Cannot find module '@pulumi/pulumi/cmd/run-policy-pack'\n"),
      ),
    );
    finish(1);
    return;
  }
  const env: NodeJS.ProcessEnv = {};
  const engineEnv = request.getEnvList();
  for (const entry of engineEnv.length > 0 ? engineEnv : []) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const child = spawn(
    process.execPath,
    [runPath, ...request.getArgsList(), packDir],
    // Policy packs always ran with the pack directory as working directory (run-policy-pack
    // reads ./package.json and ./tsconfig.json from there).
    {
      cwd: packDir,
      env: engineEnv.length > 0 ? env : process.env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout.on("data", (chunk: Buffer) => send(new RunPluginResponse().setStdout(chunk)));
  child.stderr.on("data", (chunk: Buffer) => send(new RunPluginResponse().setStderr(chunk)));
  child.on("error", (error) => {
    send(new RunPluginResponse().setStderr(Buffer.from(`${error.message}\n`)));
    finish(1);
  });
  child.on("close", (code, signal) => finish(code ?? (signal ? 1 : 0)));
  // The engine cancels the stream when it is done with the analyzer.
  call.on("cancelled", () => child.kill());
}

/**
 * Stops the legacy host, and any program it is running, when the engine that started us is gone.
 * The engine starts each plugin in a process group of its own, so a CLI killed with SIGKILL (or a
 * crashed CI runner) sends us nothing, and without this the host and a stuck program would run
 * on for ever. An orphan is re-parented, which is how the loss is noticed. We are the leader of
 * the group the engine made (the host and its programs are in it), so the whole group is ended.
 *
 * @param child the legacy host
 */
function watchEngine(child: ChildProcess): void {
  const engine = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === engine) return;
    try {
      process.kill(-process.pid, "SIGKILL");
    } catch {
      // Not a group leader (started by hand): end what we started, then ourselves.
      child.kill("SIGKILL");
      process.exit(1);
    }
  }, 1000);
  timer.unref();
}

async function main(): Promise<void> {
  const legacy = await startLegacyHost(findLegacyHost(process.env), process.argv.slice(2));
  const stop = (): void => {
    legacy.child.kill();
  };
  process.on("exit", stop);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stop();
      process.exit(0);
    });
  }
  legacy.child.on("exit", (code) => process.exit(code ?? 1));
  watchEngine(legacy.child);

  const client = new grpc.Client(`127.0.0.1:${legacy.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
  });
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  const { definition, implementation } = relayService(client);
  server.addService(definition, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  // The engine reads the port from the first line of stdout, exactly as from the real host.
  process.stdout.write(`${port}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`pulumi-language-nodejs (RunPlugin front): ${String(error)}\n`);
    process.exit(1);
  });
}
