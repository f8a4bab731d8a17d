#!/usr/bin/env node
import { createRequire } from 'node:module';
import { buildProgram, normalizeArgs } from './program.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
void buildProgram(version).parseAsync(normalizeArgs(process.argv));
