/**
 * Imported first by main.ts, so it runs before the rest of the app is even evaluated: a flag set later (say, when
 * `run` starts) misses the limits V8 computes during start-up, and a limit set then holds until the next full GC.
 *
 * Before a full GC, V8 lets the old generation grow to 2-4x what the last one kept. The daemon's garbage is
 * per-feed batches, so that headroom was mostly dead objects (cold round: main heap 148 MB holding ~50 MB live).
 * 1.3x keeps the heap near its live size for more, mostly concurrent, full GCs. Set here rather than as a node
 * flag (which NODE_OPTIONS does not even accept) so it holds however the daemon is started; V8 reads it whenever
 * it recomputes the limit.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--heap-growing-percent=30');
