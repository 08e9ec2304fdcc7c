// Loaded with `node --import ./bench/rss.mjs dist/cli.js …`: writes the process's own peak RSS (KiB)
// to $BENCH_RSS_FILE at exit (not KUSTODIAN_*: kustodian rejects unknown KUSTODIAN_ variables). GNU time would report the larger of node and its kustomize
// child; this measures kustodian alone.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
