#!/usr/bin/env node
// Entry point of the `racecourse` command. The sources are TypeScript; tsx
// compiles them on the fly so that `npx racecourse` works from a fresh clone
// with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../build/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
