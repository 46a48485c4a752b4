import { ConfigError, TopiclensError } from '../errors.js';
import type { CommandContext, CommandManifest } from '../plugin/manifest.js';
import { createRegistry } from '../plugin/create-registry.js';
import { topiclensVersion } from '../version.js';
import { doctorCommand } from './commands/doctor.js';
import { pluginsCommand } from './commands/plugins.js';
import { presetsCommand } from './commands/presets.js';
import { runCommand } from './commands/run.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';

export const CORE_COMMANDS: CommandManifest[] = [runCommand, validateCommand, pluginsCommand, presetsCommand, schemaCommand, doctorCommand];

export interface CliOptions {
  /** Plugin modules loaded before anything else (the built-ins). */
  modules: readonly (string | URL)[];
  cwd?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

const help = (commands: CommandManifest[]): string =>
  [
    "topiclens — make a network's neurons readable as topics (Dong et al., CVPR 2017) on TensorFlow.js",
    '',
    'Usage: topiclens <command> [options]      (topiclens <command> --help for details)',
    '       topiclens --version',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`),
  ].join('\n');

/** The CLI, callable from code and tests. Returns the exit code; user errors never print a stack trace. */
export async function runCli(argv: string[], options: CliOptions): Promise<number> {
  const stdout = options.stdout ?? ((t: string) => void process.stdout.write(`${t}\n`));
  const stderr = options.stderr ?? ((t: string) => void process.stderr.write(`${t}\n`));
  try {
    if (argv[0] === '--version' || argv[0] === '-v') {
      stdout(topiclensVersion());
      return 0;
    }
    const registry = await createRegistry(options.modules);
    const commands = [...CORE_COMMANDS, ...registry.commands().filter((c) => !CORE_COMMANDS.some((k) => k.name === c.name))];
    const [name, ...rest] = argv;
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      const target = name === 'help' && rest[0] ? commands.find((c) => c.name === rest[0]) : undefined;
      stdout(target ? target.usage : help(commands));
      return 0;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) {
      stderr(`topiclens: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}`);
      return 2;
    }
    const ctx: CommandContext = { registry, cwd: options.cwd ?? process.cwd(), stdout, stderr };
    return await command.run(rest, ctx);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof TopiclensError) {
      stderr(`error: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}`);
      return e.exitCode;
    }
    const err = e as Error;
    stderr(`topiclens: internal error: ${err?.message ?? String(e)}`);
    if (process.env.TOPICLENS_DEBUG) stderr(err?.stack ?? '');
    else stderr('(this is a bug in topiclens or a plugin; rerun with TOPICLENS_DEBUG=1 for the stack trace and report it)');
    return 1;
  }
}
