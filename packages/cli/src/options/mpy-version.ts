/** `--mpy-version`: the MicroPython version to model, one declaration for every command that takes it. */
import { Option } from 'commander';
import { DEFAULT_MPY_VERSION, HeapInputError, versionProfile } from '@heaplab/core';

/** The option, described for the command that takes it (`of`: what the version is of); a version heaplab does not model is refused under the flag's name. */
export function mpyVersionOption(of: string): Option {
  return new Option('--mpy-version <version>', `MicroPython version ${of}`).default(DEFAULT_MPY_VERSION).argParser((text: string) => {
    if (versionProfile(text) === undefined)
      throw new HeapInputError(`expected a MicroPython 1.x version from 1.19 on, such as 1.27 or v1.19.1, got ${JSON.stringify(text)}`, {
        field: '--mpy-version',
      });
    return text;
  });
}
