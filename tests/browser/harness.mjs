// What a browser test of the page needs: its options, a static server for
// the build folder on 127.0.0.1, Debian's chromium (never a downloaded
// browser, never the network) and a tiny test runner.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');

export function option(name, env, fallback) {
  const i = process.argv.indexOf(name);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  return process.env[env] || fallback;
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// Runs named async tests, counting passes and failures.
export function runner() {
  const r = { passed: 0, failed: 0 };
  r.test = async (name, fn) => {
    const t = Date.now();
    try {
      await fn();
      r.passed++;
      console.log(`ok   ${name} (${Date.now() - t} ms)`);
    } catch (e) {
      r.failed++;
      console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').join('\n     ')}`);
    }
  };
  return r;
}

const MIME = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm', '.data': 'application/octet-stream', '.json': 'application/json', '.png': 'image/png',
  '.css': 'text/css', '.ttf': 'font/ttf', '.ico': 'image/x-icon', '.svg': 'image/svg+xml',
};

// Serves dir on 127.0.0.1 at a free port.
export function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(body);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Debian's headless chromium with software WebGL, no background traffic.
export function launch() {
  const args = [
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--no-first-run', '--disable-quic', '--disable-default-apps', '--disable-extensions',
  ];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: process.env.GANSTEP_CHROMIUM || '/usr/bin/chromium', headless: true, args });
}
