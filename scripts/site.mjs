// Puts the browser's files into the site root with content-hashed names, each
// beside its brotli (quality 11) and gzip (level 9) copy, and writes
// `assets.txt`, which tells the server their names (scripts/build.sh runs it).
//
//   node scripts/site.mjs STAGE SITE_ROOT
//
// STAGE holds liaison.js, liaison.wasm and liaison.css. The JS and the WASM
// share one hash: the JS is generated for that very WASM. A hashed name
// never changes content, so the server lets browsers keep it a year.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [stage, site] = process.argv.slice(2);
if (!stage || !site) {
  console.error('usage: node scripts/site.mjs STAGE SITE_ROOT');
  process.exit(2);
}
const pkg = path.join(site, 'pkg');
fs.mkdirSync(pkg, { recursive: true });

const read = (name) => fs.readFileSync(path.join(stage, name));
const hash = (...parts) => {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part);
  return digest.digest('base64url').slice(0, 22);
};

// Earlier builds' files (hashed or not) go: only this build's are served.
for (const name of fs.readdirSync(pkg)) {
  if (/^liaison[._]/.test(name)) fs.rmSync(path.join(pkg, name));
}

function write(dir, name, bytes) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  fs.writeFileSync(
    `${file}.br`,
    zlib.brotliCompressSync(bytes, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }),
  );
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(bytes, { level: 9 }));
}

const js = read('liaison.js');
const wasm = read('liaison.wasm');
const css = read('liaison.css');
const app = `liaison.${hash(js, wasm)}`;
const stylesheet = `liaison.${hash(css)}.css`;
write(pkg, `${app}.js`, js);
write(pkg, `${app}.wasm`, wasm);
write(pkg, stylesheet, css);

// The public files (favicon.svg, ...) keep their names; text ones are
// compressed too.
for (const name of fs.readdirSync(site)) {
  if (/\.(svg|json|xml|html)$/.test(name)) write(site, name, fs.readFileSync(path.join(site, name)));
}

fs.writeFileSync(
  path.join(site, 'assets.txt'),
  `output-name ${app}\nstylesheet ${stylesheet}\n`,
);
const kb = (file) => `${(fs.statSync(path.join(pkg, file)).size / 1000).toFixed(1)} KB`;
for (const file of [`${app}.wasm`, `${app}.js`, stylesheet]) {
  console.log(`site: ${file}: ${kb(file)}, brotli ${kb(`${file}.br`)}, gzip ${kb(`${file}.gz`)}`);
}
