/**
 * The program a traced image's build runs (`node -e`, with its settings as one JSON argument):
 * traces the service from its entry points with @vercel/nft, loads what it found from a copy that
 * holds only those files and adds what Node.js still looked for, then writes the payload, the
 * dependencies and the service's own files apart (for two layers), with symlinks kept as they are
 * (pnpm's store). It is plain CommonJS, as old as the oldest Node.js line the images run.
 */
export const TRACE_PROGRAM = String.raw`'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { execFileSync } = require('child_process');
const settings = JSON.parse(process.argv[1]);
const tracer = (name) => require(path.join(settings.tracer, 'node_modules', name));
const { nodeFileTrace } = tracer('@vercel/nft');
const { globSync } = tracer('glob');

const base = settings.base;
const fail = (message) => { console.error('traced payload: ' + message); process.exit(1); };
const fromBase = (file) => path.relative(base, path.resolve(file));
const isDependency = (file) => file.split('/').includes('node_modules');

/** The folder of the package a file of node_modules belongs to: node_modules/name or node_modules/@scope/name. */
function packageRoot(file) {
  const parts = file.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  return parts.slice(0, at + (parts[at + 1].startsWith('@') ? 3 : 2)).join('/');
}

/** Native addons a tracer cannot follow through bindings or node-gyp-build: every .node file of a traced package, outside its own node_modules. */
function nativeAddons(files) {
  const roots = new Set(files.map(packageRoot).filter((root) => root !== undefined));
  const found = [];
  for (const root of roots) {
    // node-gyp leaves a copy of each addon in the folders it links in, where no loader looks.
    const ignore = ['node_modules/**', '**/obj.target/**', '**/obj/**', '**/.deps/**'];
    for (const file of globSync('**/*.node', { cwd: path.join(base, root), nodir: true, ignore })) {
      found.push(path.posix.join(root, file));
    }
  }
  return found;
}

const copied = new Set();
/** Where the payload is put together and loaded, before it is split into its two layers. */
const checked = path.join(settings.out, 'check');

/** Copies a file of the base into a folder, making each symlink on its way again, and what it points to. */
function copyInto(folder, file) {
  if (copied.has(folder + '\0' + file)) return;
  copied.add(folder + '\0' + file);
  const parts = file.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const relative = parts.slice(0, i).join('/');
    const source = path.join(base, relative);
    const target = path.join(folder, relative);
    const stat = fs.lstatSync(source);
    if (stat.isSymbolicLink()) {
      const link = fs.readlinkSync(source);
      if (!isSymlink(target)) fs.symlinkSync(link, target);
      const resolved = path.relative(base, path.resolve(path.dirname(source), link));
      if (resolved.startsWith('..') || path.isAbsolute(resolved)) fail(relative + ' links to ' + link + ', outside ' + base + ': the payload cannot hold it.');
      return copyInto(folder, [resolved, ...parts.slice(i)].join('/'));
    }
    if (fs.existsSync(target)) continue;
    if (stat.isDirectory()) {
      fs.mkdirSync(target, { recursive: true });
    } else {
      fs.copyFileSync(source, target);
      fs.chmodSync(target, stat.mode & 0o7777);
    }
  }
}

function isSymlink(file) {
  try { return fs.lstatSync(file).isSymbolicLink(); } catch { return false; }
}

/** The folder of a package as Node finds it from a folder: node_modules of that folder or of one above. */
function packageFolder(name, from) {
  const packageName = name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/');
  for (let folder = from; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'node_modules', packageName);
    if (fs.existsSync(candidate)) return candidate;
    if (folder === path.dirname(folder)) return undefined;
  }
}

/** The file a production dependency starts at: services and frameworks load some by name (drivers, platforms, plugins). */
function dependencyEntry(name, from) {
  try {
    return require.resolve(name, { paths: [from] });
  } catch {
    const folder = packageFolder(name, from);
    if (!folder) return undefined;
    let manifest;
    try { manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')); } catch { return undefined; }
    let start = manifest.exports && (manifest.exports['.'] ?? manifest.exports);
    while (start && typeof start === 'object' && !Array.isArray(start)) start = start.node ?? start.import ?? start.default;
    const candidates = [typeof start === 'string' ? start : undefined, manifest.module, manifest.main, 'index.js'];
    return candidates.filter(Boolean).map((file) => path.join(folder, file)).find((file) => fs.existsSync(file) && fs.statSync(file).isFile());
  }
}

/** Every file a trace from these files lists, with the native addons of the packages it reaches. */
async function traceFrom(roots) {
  const trace = await nodeFileTrace(roots, { base, processCwd: process.cwd(), mixedModules: true });
  const traced = [...trace.fileList].filter((file) => fs.existsSync(path.join(base, file)) || isSymlink(path.join(base, file)));
  return { trace, traced, files: [...traced, ...nativeAddons(traced)] };
}

/** The file a failed load looked for, as a file of the base, from Node's own error. */
function missingFile(failure, copy) {
  const specifier = /Cannot find (?:module|package) '([^']+)'/.exec(failure.message)?.[1];
  const parent = failure.requireStack?.[0] ?? /imported from (\S+)/.exec(failure.message)?.[1];
  if (!specifier) return undefined;
  const inBase = (file) => path.join(base, path.relative(copy, file.startsWith('file:') ? new URL(file).pathname : file));
  if (path.isAbsolute(specifier) || specifier.startsWith('file:')) return inBase(specifier);
  if (!parent) return undefined;
  const from = path.dirname(inBase(parent));
  if (specifier.startsWith('.')) return path.resolve(from, specifier);
  try { return require.resolve(specifier, { paths: [from] }); } catch { return dependencyEntry(specifier, from); }
}

const LOADER = 'const t=JSON.parse(process.argv[1]);(async()=>{for(const u of t){try{await import(u)}catch(e){process.stderr.write(JSON.stringify({url:u,message:String(e&&e.message),requireStack:e&&e.requireStack}));process.exit(3)}}process.exit(0)})()';

/** Imports these files of a folder (a copy of the base, or the base) one after another in a new Node.js: the first failure, if any. */
function load(root, targets) {
  const urls = targets.map((file) => pathToFileURL(path.join(root, file)).href);
  try {
    execFileSync(process.execPath, ['-e', LOADER, JSON.stringify(urls)], {
      cwd: path.join(root, fromBase(process.cwd())), stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NODE_ENV: 'production' }, timeout: 120000,
    });
    return undefined;
  } catch (error) {
    let failure;
    try { failure = JSON.parse(String(error.stderr)); } catch { failure = { url: '', message: String(error.stderr || error.message) }; }
    return { ...failure, file: failure.url ? path.relative(root, new URL(failure.url).pathname) : '(the loader)', copy: root };
  }
}

/** Loads, from a copy holding only these files, every package the service's own files import and every production dependency. */
function loadCheck(files, targets) {
  files.forEach((file) => copyInto(checked, file));
  return load(checked, targets);
}

/** Moves each file and link of the checked copy, which holds the payload and nothing else, to the layer it belongs to. */
function moveApart(folder) {
  for (const entry of fs.readdirSync(path.join(checked, folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      moveApart(relative);
      continue;
    }
    const target = path.join(settings.out, isDependency(relative) ? 'dependencies' : 'service', relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(path.join(checked, relative), target);
  }
}

async function main() {
  const started = process.hrtime.bigint();
  // The service's files came in with the package manager's settings, which may hold tokens.
  for (const file of settings.settingsFiles) fs.rmSync(path.join(base, file), { recursive: true, force: true });
  const entries = settings.entries.map((entry) => path.resolve(entry));
  for (const entry of entries) {
    if (!fs.existsSync(entry)) fail('the entry point ' + fromBase(entry) + ' is not in the build: is it compiled to another folder, or named wrong in command or entryPoints?');
  }
  const dependencies = settings.dependencies.map((name) => dependencyEntry(name, process.cwd())).filter((file) => file !== undefined && /\.(c|m)?js$/.test(file));
  const { trace, traced, files: found } = await traceFrom([...entries, ...dependencies]);
  const included = settings.include.flatMap((pattern) => {
    const options = { cwd: process.cwd(), dot: true, nodir: true, follow: false };
    // A folder stands for everything in it.
    const matches = [...globSync(pattern, options), ...globSync(pattern + '/**', options)].map(fromBase);
    if (matches.length === 0) fail('the include pattern ' + JSON.stringify(pattern) + ' matches no file in the build; correct it or remove it.');
    return matches;
  });
  for (const part of ['dependencies', 'service', 'check']) fs.mkdirSync(path.join(settings.out, part), { recursive: true });
  const files = new Set([...found, ...included]);
  const imported = new Set(dependencies.map(fromBase));
  for (const [file, reason] of trace.reasons) {
    if (isDependency(file) && /\.(c|m)?js$/.test(file) && [...reason.parents].some((parent) => !isDependency(parent))) imported.add(file);
  }
  const added = [];
  const unchecked = [];
  for (let round = 0; ; round++) {
    const failure = loadCheck([...files], [...imported].sort());
    if (!failure) break;
    if (imported.has(failure.file) && load(base, [failure.file])) {
      // It does not load from the whole build either (it needs a service, a variable or a browser): not the payload's doing.
      imported.delete(failure.file);
      unchecked.push(failure.file + ' (' + failure.message.split('\n')[0] + ')');
      continue;
    }
    const missing = missingFile(failure, failure.copy);
    const known = missing && (fs.existsSync(missing) || isSymlink(missing)) ? fromBase(missing) : undefined;
    if (!known || files.has(known) || round >= 50) {
      fail(failure.file + ' does not load from the traced files alone: ' + failure.message.split('\n')[0] + '. Add the files it reads to include, or its workers and child processes to entryPoints.');
    }
    added.push(known);
    (await traceFrom([missing])).files.forEach((file) => files.add(file));
    files.add(known);
  }
  moveApart('');
  fs.rmSync(checked, { recursive: true, force: true });
  const sorted = [...files].sort();
  const tracedBytes = traced.reduce((sum, file) => sum + fs.lstatSync(path.join(base, file)).size, 0);
  const bytes = sorted.reduce((sum, file) => sum + fs.lstatSync(path.join(base, file)).size, 0);
  fs.writeFileSync(path.join(settings.out, 'trace.json'), JSON.stringify({ files: sorted.length, bytes, tracedFiles: traced.length, tracedBytes, addedByLoadCheck: added, unchecked, fileList: sorted }, null, 2));
  const seconds = (Number(process.hrtime.bigint() - started) / 1e9).toFixed(1);
  console.log('traced payload: ' + sorted.length + ' files, ' + bytes + ' bytes (the tracer listed ' + traced.length + ', ' + tracedBytes + ' bytes), in ' + seconds + ' s');
  for (const file of added) console.log('traced payload: added ' + file + ', which a load of the payload needed and the tracer missed');
  for (const file of unchecked) console.log('traced payload: not checked, as it does not load from the whole build either: ' + file);
}

main().catch((error) => fail((error && error.stack) || String(error)));
`;
