import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Moves a file into a folder under its own name, or `name.1`, `name.2`… when
 * that name is taken (CUCM may resend a file under the same name). Returns the
 * path it now has.
 */
export async function moveAside(path: string, folder: string, name: string): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (let n = 0; n < 1000; n++) {
    const target = join(folder, n === 0 ? name : `${name}.${n}`);
    const taken = await stat(target).then(
      () => true,
      () => false,
    );
    if (taken) continue;
    await rename(path, target);
    return target;
  }
  throw new Error(`no free name for ${name} in ${folder}`);
}
