// Where a relative `.include` points: next to the file that names it (Exim spec 6.3). Plain
// string work, the same as node:path's posix.join(posix.dirname(origin), name), so the core
// needs no node: module.

function normalise(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/** `name` relative to the folder of the file `origin`. */
export function includePath(origin: string, name: string): string {
  const trimmed = origin.replace(/\/+$/, '');
  const slash = trimmed.lastIndexOf('/');
  const dir = trimmed === '' && origin !== '' ? '/' : slash < 0 ? '.' : slash === 0 ? '/' : trimmed.slice(0, slash);
  return normalise(`${dir}/${name}`);
}
