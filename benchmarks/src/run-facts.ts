/**
 * The facts every results page starts with: when, on what, which code, by which command.
 */
import { cpus } from 'node:os';
import { codeVersion } from './code-version.js';

export interface RunFacts {
  readonly date: Date;
  readonly node: string;
  readonly machine: string;
  readonly code: string;
  readonly command: string;
}

/** The facts of this run. `packages` are the source folders whose uncommitted changes to name. */
export function runFacts(command: string, date: Date, packages?: readonly string[]): RunFacts {
  const cpu = cpus();
  return { date, node: process.version, machine: `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}`, code: codeVersion(packages), command };
}

/** The header lines of a results page (title, then the facts as a list). */
export function factsHeader(title: string, facts: RunFacts): string[] {
  return [
    `# ${title}`,
    '',
    `- Date: ${facts.date.toISOString()}`,
    `- Node: ${facts.node}`,
    `- Machine: ${facts.machine}`,
    `- Code: ${facts.code}`,
    `- Command: \`${facts.command}\``,
  ];
}
