/**
 * Provisioning for running the policy pack with the real `pulumi` CLI in tests, independent of
 * scripts/install-pulumi.sh:
 *
 * - a bin directory whose `pulumi-language-nodejs` can run policy packs. The CLI starts a
 *   `runtime: nodejs` pack through the language host's RunPlugin, which the legacy v3.68 host
 *   this project builds does not implement; so the directory holds the CLI (hard link, or copy),
 *   the legacy host as `pulumi-language-nodejs-legacy`, the dynamic-provider script, and
 *   `pulumi-language-nodejs` as a symlink to scripts/pulumi-language-nodejs-runplugin (the front
 *   that adds RunPlugin, see scripts/langhostRunPlugin.ts), which runs ../front/ from the build
 *   output. The CLI looks for bundled plugins
 *   next to its own executable, so the front is found without a "using … from $PATH" warning.
 *   If the CLI's directory already has the front (the legacy host sits beside it), it is used
 *   as is;
 * - a copy of policy-pack/ whose node_modules links the repository's packages (no network
 *   install), as `npm install` in policy-pack/ would provide them.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../scripts/localStack";
import { pulumiBinDir } from "../../engine/support/engineFixture";

/** The legacy host's name next to the front (see scripts/langhostRunPlugin.ts). */
const LEGACY_HOST = "pulumi-language-nodejs-legacy";

/** Where the front's launcher and compiled code live. */
const FRONT_LAUNCHER = path.join(REPO_ROOT, "scripts", "pulumi-language-nodejs-runplugin");
const FRONT_SOURCE = path.join(REPO_ROOT, "scripts", "langhostRunPlugin.ts");
const FRONT_COMPILED = path.join(REPO_ROOT, "dist", "scripts", "langhostRunPlugin.js");

/** A temporary directory that {@link PolicyEngineSetup.dispose} removes. */
function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch {
    // Another filesystem (EXDEV) or no hard links: a copy runs the same.
    fs.copyFileSync(from, to);
    fs.chmodSync(to, 0o755);
  }
}

/** The bin directory and pack copy a policy engine test runs with. */
export interface PolicyEngineSetup {
  /** Directory with `pulumi` and a policy-capable `pulumi-language-nodejs`. */
  binDir: string;
  /** The policy pack directory to pass to `--policy-pack`. */
  packDir: string;
  /** Removes what was created. */
  dispose(): void;
}

/**
 * Prepares the CLI bin directory and the policy pack copy.
 *
 * @returns the setup; throws when the front is not compiled (run `npm run build`)
 */
export function preparePolicyEngine(): PolicyEngineSetup {
  const created: string[] = [];
  const baseBin = pulumiBinDir();
  let binDir = baseBin;
  if (!fs.existsSync(path.join(baseBin, LEGACY_HOST))) {
    if (
      !fs.existsSync(FRONT_COMPILED) ||
      fs.statSync(FRONT_COMPILED).mtimeMs < fs.statSync(FRONT_SOURCE).mtimeMs
    ) {
      throw new Error(
        `${FRONT_COMPILED} is missing or older than ${FRONT_SOURCE}: run \`npm run build\` first`,
      );
    }
    // The launcher finds the front at ../front/ relative to itself, as in an installed tools
    // dir; here that is a link to the build output, whose requires resolve in the repository.
    const toolsDir = tempDir("cloudworks-policy-bin-");
    created.push(toolsDir);
    binDir = path.join(toolsDir, "bin");
    fs.mkdirSync(binDir);
    fs.mkdirSync(path.join(toolsDir, "front"));
    fs.symlinkSync(FRONT_COMPILED, path.join(toolsDir, "front", "langhostRunPlugin.js"));
    linkOrCopy(path.join(baseBin, "pulumi"), path.join(binDir, "pulumi"));
    linkOrCopy(path.join(baseBin, "pulumi-language-nodejs"), path.join(binDir, LEGACY_HOST));
    linkOrCopy(
      path.join(baseBin, "pulumi-resource-pulumi-nodejs"),
      path.join(binDir, "pulumi-resource-pulumi-nodejs"),
    );
    fs.symlinkSync(FRONT_LAUNCHER, path.join(binDir, "pulumi-language-nodejs"));
  }

  const packRoot = tempDir("cloudworks-policy-pack-");
  created.push(packRoot);
  const packDir = path.join(packRoot, "policy-pack");
  fs.mkdirSync(packDir);
  const source = path.join(REPO_ROOT, "policy-pack");
  // The pack's sources and their folders (rules/), but not a node_modules a local `npm install`
  // may have left: the copy gets its own, linked from the repository.
  fs.cpSync(source, packDir, {
    recursive: true,
    filter: (from) => path.basename(from) !== "node_modules",
  });
  linkPackDependencies(packDir);

  return {
    binDir,
    packDir,
    dispose: () => {
      for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Gives the pack a node_modules with the packages its package.json names, linked from the
 * repository (one copy of @pulumi/pulumi in the analyzer process, no network install).
 *
 * @param packDir the pack copy
 */
export function linkPackDependencies(packDir: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  for (const name of Object.keys(manifest.dependencies)) {
    const link = path.join(packDir, "node_modules", name);
    const target =
      name === "pulumi-cloudworks" ? REPO_ROOT : path.join(REPO_ROOT, "node_modules", name);
    if (!fs.existsSync(target)) throw new Error(`cannot link ${name}: ${target} does not exist`);
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(target, link, "dir");
  }
}
