// `mailleak web`'s server: the page's files on loopback, nothing outside its folder, GET and HEAD only.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticServer, listenOnLoopback } from '../../../src/cli/shared/static-server.js';

function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the web page server', () => {
  const parent = mkdtempSync(join(tmpdir(), 'mailleak-serve-'));
  const root = join(parent, 'dist');
  const server = createStaticServer(root);
  let port = 0;
  beforeAll(async () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(root);
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>page</title>');
    writeFileSync(join(parent, 'secret.txt'), 'outside the page folder');
    port = await listenOnLoopback(server, 0);
  });
  afterAll(() => {
    server.close();
    rmSync(parent, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only and serves index.html for /', async () => {
    expect(server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(await get(port, '/')).toEqual({ status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>page</title>' });
  });

  it('serves nothing outside its folder, however the path is spelled', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/missing.js']) expect((await get(port, path)).status, path).toBe(404);
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(port, '/', 'POST')).status).toBe(405);
    expect(await get(port, '/', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });
});
