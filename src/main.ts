#!/usr/bin/env node
// First: V8 heap settings must precede the app's start-up allocations.
import './heap-tuning.js';
import { main } from './cli/index.js';

process.exitCode = await main(process.argv.slice(2));
