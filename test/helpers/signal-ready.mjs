// Loaded with `node --import ./test/helpers/signal-ready.mjs dist/cli.js …`: writes $SIGNAL_READY_FILE once
// kustodian has its own SIGTERM handler, so a test signals it exactly then. (Node itself catches SIGTERM
// from its start to restore the terminal, so /proc's SigCgt cannot tell.)
import { writeFileSync } from 'node:fs';

const file = process.env.SIGNAL_READY_FILE;
if (file) {
  process.on('newListener', function ready(event) {
    if (event !== 'SIGTERM') return;
    process.off('newListener', ready);
    // After the current turn: main() has then gone on to wait for stdin.
    setImmediate(() => writeFileSync(file, String(process.pid)));
  });
}
