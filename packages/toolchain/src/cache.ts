import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

/**
 * A directory of build products addressed by the sha256 of everything that
 * went into them, so a hit is always safe to reuse and a changed input can
 * never be served a stale product.
 */
export class ContentCache {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  path(key: string, name: string): string {
    return join(this.dir, `${key}-${name}`);
  }

  read(key: string, name: string): Uint8Array | undefined {
    const file = this.path(key, name);
    return existsSync(file) ? readFileSync(file) : undefined;
  }

  /** Writes atomically: a reader never sees a half-written product. */
  write(key: string, name: string, bytes: Uint8Array): void {
    mkdirSync(this.dir, { recursive: true });
    const file = this.path(key, name);
    const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    writeFileSync(temp, bytes);
    renameSync(temp, file);
  }

  async getOrCreate(key: string, name: string, create: () => Promise<Uint8Array>): Promise<Uint8Array> {
    const cached = this.read(key, name);
    if (cached) return cached;
    const bytes = await create();
    this.write(key, name, bytes);
    return bytes;
  }
}
