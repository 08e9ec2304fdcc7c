import { execFileSync } from 'node:child_process';
const { parseStream } = await import('/work/main/dist/index.js');
const { parseYaml } = await import('/work/main/dist/manifests/yaml.js');
const yaml = await import('/work/main/node_modules/yaml/dist/index.js');
const out = execFileSync('kubectl', ['kustomize', process.argv[2]], { maxBuffer: 1 << 28 }).toString();
const texts = parseStream(out).filter(r => ['Deployment','StatefulSet'].includes(r.kind)).map(r => r.toYaml());
const which = process.argv[3];
const { parseOptions } = await import('/work/main/dist/manifests/yaml.js');
const fns = { nopretty: (x) => yaml.parse(x, { ...parseOptions, prettyErrors: false, maxAliasCount: 100 }), notags: (x) => yaml.parse(x, { ...parseOptions, customTags: undefined, maxAliasCount: 100 }), nounique: (x) => yaml.parse(x, { ...parseOptions, uniqueKeys: false, maxAliasCount: 100 }), same: (x) => yaml.parse(x, { ...parseOptions, maxAliasCount: 100 }), ours: (x) => parseYaml(x), plain: (x) => yaml.parse(x), core: (x) => yaml.parse(x, { version: '1.2', schema: 'core' }), cst: (x) => { const p = new yaml.Parser(); for (const _ of p.parse(x)); } , compose: (x) => { const c = new yaml.Composer({version:'1.2', schema:'core'}); const p = new yaml.Parser(); for (const d of c.compose(p.parse(x), true)) d; } };
const rounds = [];
for (let r = 0; r < 3; r++) { const t = performance.now(); for (const x of texts) fns[which](x); rounds.push((performance.now() - t).toFixed(0)); }
console.log(which.padEnd(8), texts.length, 'docs', rounds.join(' '));
