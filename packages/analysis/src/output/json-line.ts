/**
 * A command's `--json` output: one object on one line, led by the name of its format and the
 * format's version (docs/json-output.md), so a script can tell what it reads.
 */

/** The version of every `heaplab-<command>` JSON format this heaplab prints. */
export const JSON_OUTPUT_VERSION = 1;

/** `body` as the `heaplab-<command>` format's one line. */
export function jsonLine(command: string, body: object): string {
  return `${JSON.stringify({ format: `heaplab-${command}`, version: JSON_OUTPUT_VERSION, ...body })}\n`;
}
