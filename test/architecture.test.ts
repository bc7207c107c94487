import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from './util';

// The layers, lowest first: a folder imports only from layers below its own (README, "Architecture").
const LAYERS: { [folder: string]: number } = {
  core: 0, images: 1, dockerfile: 2, ignore: 3, distroless: 3, pinning: 3, node: 4, github: 5, compose: 5, project: 6,
};
// Besides the order: the workflows and compose files take images through IContainerImage, never the Node image class.
const FORBIDDEN: Array<[string, string]> = [['github', 'node'], ['compose', 'node']];

function filesUnder(folder: string, extension?: RegExp): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      return name === 'node_modules' ? [] : filesUnder(path, extension);
    }
    return !extension || extension.test(name) ? [path] : [];
  });
}

const sources = filesUnder(join(repositoryRoot, 'src'), /\.ts$/);
const layerOf = (file: string) => relative(join(repositoryRoot, 'src'), file).split('/')[0];

/** Every import between two folders of src: [from folder, to folder, importing file, specifier]. */
function crossImports(): Array<[string, string, string, string]> {
  return sources.flatMap((file) => {
    const text = readFileSync(file, 'utf-8');
    return [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gms)].map((match) => {
      const target = relative(join(repositoryRoot, 'src'), resolve(dirname(file), match[1])).split('/')[0];
      return [layerOf(file), target, relative(repositoryRoot, file), match[1]] as [string, string, string, string];
    }).filter(([from, to]) => from !== to && from !== 'index.ts');
  });
}

describe('the architecture', () => {
  it('has every folder of src in a layer', () => {
    const folders = readdirSync(join(repositoryRoot, 'src')).filter((name) => statSync(join(repositoryRoot, 'src', name)).isDirectory());
    expect(folders.sort()).toEqual(Object.keys(LAYERS).sort());
  });

  it('imports only downwards: no folder imports its own layer\'s neighbours or anything above it', () => {
    const upwards = crossImports().filter(([from, to]) => LAYERS[to] >= LAYERS[from]).map(([, , file, specifier]) => `${file} imports ${specifier}`);
    expect(upwards).toEqual([]);
  });

  it('keeps the workflows away from the Node image', () => {
    const forbidden = crossImports().filter(([from, to]) => FORBIDDEN.some(([a, b]) => a === from && b === to)).map(([, , file, specifier]) => `${file} imports ${specifier}`);
    expect(forbidden).toEqual([]);
  });

  it('finds the imports it checks (the check itself works)', () => {
    const imports = crossImports();
    expect(imports.some(([from, to]) => from === 'node' && to === 'dockerfile')).toBe(true);
    expect(imports.some(([from, to]) => from === 'dockerfile' && to === 'core')).toBe(true);
  });

  it('casts through unknown nowhere in src', () => {
    expect(sources.filter((file) => readFileSync(file, 'utf-8').includes('as unknown as')).map((file) => relative(repositoryRoot, file))).toEqual([]);
  });

  it('has no file over 400 lines in src, scripts or projenrc', () => {
    const files = [...sources, ...filesUnder(join(repositoryRoot, 'scripts')), ...filesUnder(join(repositoryRoot, 'projenrc'))];
    const long = files.map((file) => [relative(repositoryRoot, file), readFileSync(file, 'utf-8').split('\n').length - 1] as const)
      .filter(([, lines]) => lines > 400);
    expect(long).toEqual([]);
    expect(files.length).toBeGreaterThan(40);
  });
});
