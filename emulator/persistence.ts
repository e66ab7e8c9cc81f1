/**
 * The optional state file: the tenant is written after each change (temp file + rename, so a
 * reader never sees half a file) and re-read when another process changed it, so a demo, a
 * benchmark and a restarted emulator all see one tenant.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, statSync, writeFileSync, unlinkSync } from "node:fs";
import { emptyTenant, type TenantState } from "./store";
import { isObject } from "./validation";

/** @internal On-disk format; `format` lets a later version migrate old files. */
interface StateFileContent {
  format: 1;
  tenant: TenantState;
}

/** @internal Reads and writes one state file. */
export class StateFile {
  private lastSeen: string | undefined;

  constructor(readonly path: string) {}

  /** The tenant in the file, or undefined when the file does not exist. */
  load(): TenantState | undefined {
    if (!existsSync(this.path)) return undefined;
    const text = readFileSync(this.path, "utf8");
    this.lastSeen = this.signature();
    const parsed: unknown = JSON.parse(text);
    if (!isObject(parsed) || parsed.format !== 1 || !isObject(parsed.tenant)) {
      throw new Error(`${this.path} is not a cloudworks-emulator state file`);
    }
    return { ...emptyTenant(), ...(parsed.tenant as Partial<TenantState>) };
  }

  /** The tenant when another writer changed the file since we last read or wrote it. */
  loadIfChanged(): TenantState | undefined {
    const signature = this.signature();
    if (signature === undefined || signature === this.lastSeen) return undefined;
    return this.load();
  }

  /** Write atomically: a temp file in the same directory, then rename over the target. */
  save(tenant: TenantState): void {
    const content: StateFileContent = { format: 1, tenant };
    const temp = `${this.path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      writeFileSync(temp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, this.path);
    } catch (error) {
      if (existsSync(temp)) unlinkSync(temp);
      throw error;
    }
    this.lastSeen = this.signature();
  }

  private signature(): string | undefined {
    try {
      const stat = statSync(this.path, { bigint: true });
      return `${stat.mtimeNs}:${stat.size}:${stat.ino}`;
    } catch {
      return undefined;
    }
  }
}
