import { parseArgs, type ParseArgsConfig } from 'node:util';
import { TopiclensError } from '../errors.js';

/** A command's flags, as util.parseArgs declares them. */
export type CommandFlags = NonNullable<ParseArgsConfig['options']>;
type HelpOption = { help: { type: 'boolean'; short: 'h' } };
/** What parseArgs returns for a command's options plus --help (named so the .d.ts can spell it). */
export type CommandArgs<O extends CommandFlags> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O & HelpOption; allowPositionals: true; strict: true }>
>;

/** util.parseArgs with user errors turned into TopiclensError (exit 2) that point at --help. */
export function parseCommandArgs<O extends CommandFlags>(command: string, argv: string[], options: O): CommandArgs<O> {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as O & HelpOption,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new TopiclensError(`topiclens ${command}: ${(e as Error).message}. See \`topiclens ${command} --help\`.`, 2);
  }
}
