// A static server for the site folder (`cmake --install build/web --prefix DIR`),
// used by scripts/demo.sh and the browser tests (tests/browser/harness.mjs).
//
//   node scripts/serve.mjs DIR [--port 8000] [--host 127.0.0.1]
//
// Binds 127.0.0.1 unless told otherwise (--host 0.0.0.0 lets other machines in).
// Like a static host with precompressed files, it answers with FILE.gz
// (Content-Encoding: gzip) when the browser accepts gzip and the site has one.
// Only files inside DIR are served; Ctrl-C (SIGINT) or SIGTERM stops it.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
};

// An http.Server for dir; onServe(relativePath, bytesSent) after each file.
export function siteServer(dir, onServe = () => {}) {
  const root = path.resolve(dir);
  return http.createServer((req, res) => {
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch (e) {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
      return;
    }
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden');
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '') && fs.existsSync(file + '.gz');
    fs.readFile(gzip ? file + '.gz' : file, (err, body) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      const headers = {
        'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        'Vary': 'Accept-Encoding',
      };
      if (gzip) headers['Content-Encoding'] = 'gzip';
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      onServe(rel, body.length);
    });
  });
}

function main(argv) {
  const flag = (name, fallback) => {
    const i = argv.indexOf(name);
    return i >= 0 && i + 1 < argv.length ? argv.splice(i, 2)[1] : fallback;
  };
  const port = Number(flag('--port', process.env.PORT || '8000'));
  const host = flag('--host', process.env.HOST || '127.0.0.1');
  const dir = argv[0];
  if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
    console.error(`serve.mjs: ${dir ? dir + ' has no index.html' : 'give the site folder'} ` +
                  '(cmake --install build/web --prefix DIR writes one)');
    process.exit(2);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: the port must be an integer 0..65535, not ${JSON.stringify(String(port).slice(0, 80))}`);
    process.exit(2);
  }
  const server = siteServer(dir);
  server.on('error', (e) => {
    console.error(`serve.mjs: cannot serve on ${host}:${port}: ${e.code === 'EADDRINUSE' ? 'the port is in use (PORT=8001 bash scripts/demo.sh picks another)' : e.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host === '127.0.0.1' ? 'localhost' : host;
    console.log(`ganstep: serving ${path.resolve(dir)} on http://${shown}:${server.address().port}/ (bound to ${host})`);
    console.log('ganstep: open that address in a browser; press Ctrl-C here to stop the server.');
  });
  const stop = () => {
    console.log('\nganstep: server stopped.');
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main(process.argv.slice(2));
