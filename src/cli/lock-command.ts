import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import { BadInputError } from '../errors/index.js';
import type { LockKind } from '../events/index.js';
import type { ChangeContext, LineLockState, LineRef } from '../locks/index.js';
import type { CliContext } from './cli-context.js';
import { printableJson } from '../logging/index.js';

interface LineOptions {
  partition?: string;
  json?: boolean;
}

/** The extension, and the partition when given (`--partition ''` names the null partition). */
export function lineRefOf(extension: string, options: LineOptions): LineRef {
  return options.partition === undefined ? { extension } : { extension, partition: options.partition };
}

export function cliActor(name?: string): ChangeContext {
  let who = name;
  if (!who) {
    try {
      who = `cli:${userInfo().username}`;
    } catch {
      who = 'cli';
    }
  }
  let from = '';
  try {
    from = hostname();
  } catch {
    // No host name: the entry says only cli.
  }
  return { actor: who, via: 'cli', role: 'admin', from };
}

function kindOf(value: string): LockKind {
  if (value === 'admin' || value === 'budget' || value === 'user') return value;
  throw new BadInputError(`--kind must be admin, budget or user (got "${value}")`);
}

function describeLine(state: LineLockState): string {
  const name = `${state.extension}${state.partition ? ` (${state.partition})` : ''}`;
  if (!state.locked) return `${name}: unlocked`;
  const locks = state.locks.map(
    (l) =>
      `  ${l.kind} lock by ${l.actor} via ${l.via} since ${l.since.toISOString()}${l.reason ? ` (${l.reason})` : ''}`,
  );
  return [`${name}: LOCKED (${state.kinds.join(', ')})`, ...locks].join('\n');
}

export function registerLockCommand(program: Command, cli: CliContext): void {
  const lock = program
    .command('lock')
    .description('line locks: a locked line may call only emergency and always-allowed numbers');
  lock
    .command('status')
    .argument('[extension]', 'the line; without it, every locked line')
    .option('--partition <partition>', "the line's partition, when the extension exists in several")
    .option('--history <n>', 'also print the last N changes of the line', '0')
    .option('--json', 'print JSON')
    .description('show whether a line is locked, by which locks, and (with --history) who changed it')
    .action(async (extension: string | undefined, opts: LineOptions & { history: string }) => {
      const result = await cli.withTollgate(async (t) => {
        if (extension === undefined) return { lines: await t.locks.lockedLines(), history: [] };
        const ref = lineRefOf(extension, opts);
        const limit = Number(opts.history);
        return {
          lines: [await t.locks.getLineState(ref)],
          history: limit > 0 ? await t.locks.history(ref, { limit }) : [],
        };
      });
      if (opts.json) {
        cli.out(
          printableJson(extension === undefined ? result.lines : { ...result.lines[0], history: result.history }),
        );
        return;
      }
      if (result.lines.length === 0) cli.out('no line is locked');
      for (const state of result.lines) cli.out(describeLine(state));
      for (const h of result.history) {
        const change = h.kind
          ? `${h.action} ${h.kind}: [${h.kindsBefore.join(',')}] -> [${h.kindsAfter.join(',')}]`
          : h.action;
        cli.out(`  ${h.at.toISOString()}  ${change}  by ${h.actor} via ${h.via}${h.reason ? ` (${h.reason})` : ''}`);
      }
    });

  for (const action of ['set', 'clear'] as const) {
    lock
      .command(action)
      .argument('<extension>')
      .option('--partition <partition>', "the line's partition, when the extension exists in several")
      .option('--kind <kind>', 'admin (the user cannot lift it), budget, or user', 'admin')
      .option('--reason <text>', 'why, recorded in the history')
      .option('--actor <name>', 'who, recorded in the history (default: cli:<login>)')
      .description(
        action === 'set' ? 'lock a line (on every phone that carries it)' : 'lift one kind of lock from a line',
      )
      .action(async (extension: string, opts: LineOptions & { kind: string; reason?: string; actor?: string }) => {
        const kind = kindOf(opts.kind);
        const context = { ...cliActor(opts.actor), ...(opts.reason ? { reason: opts.reason } : {}) };
        const ref = lineRefOf(extension, opts);
        const result = await cli.withTollgate((t) =>
          action === 'set' ? t.locks.setLock(ref, kind, context) : t.locks.clearLock(ref, kind, context),
        );
        if (!result.changed)
          cli.out(`no change: the ${kind} lock ${action === 'set' ? 'already holds' : 'does not hold'}`);
        cli.out(describeLine(result.state));
      });
  }
}
