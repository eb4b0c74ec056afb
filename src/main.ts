#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// While the CLI's modules load, V8's young generation keeps its first size. Loading allocates a lot that all
// survives (the modules), so V8 would grow the young generation to its largest (two 16 MB semi-spaces) and keep it
// for the whole run, idle: `tollgate --help` peaked at 137 MB instead of 110, `tollgate ingest` of 1M records
// 305–310 MB instead of 288–299 (issue 18). Then the default growth again, for the daemon's own work and for every
// worker thread (the flag is the process's). A --semi-space-growth-factor given to node is left as given.
const growthGiven = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) =>
  a.includes('semi-space-growth-factor'),
);
if (!growthGiven) setFlagsFromString('--semi-space-growth-factor=1');
const { runCli } = await import('./cli/index.js');
if (!growthGiven) setFlagsFromString('--semi-space-growth-factor=2');
await runCli(process.argv, process.env);
