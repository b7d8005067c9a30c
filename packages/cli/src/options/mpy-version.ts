/** `--mpy-version`: the MicroPython version to model, one declaration for every command that takes it. */
import { Option } from 'commander';
import { DEFAULT_MPY_VERSION, HeapInputError, unknownVersionMessage, versionProfile } from '@heaplab/core';

/** The option, described for the command that takes it (`of`: what the version is of); a version heaplab does not model is refused under the flag's name. */
export function mpyVersionOption(of: string): Option {
  return new Option('--mpy-version <version>', `MicroPython version ${of}: 1.19 to 1.28 (1.21 to 1.26 are modelled as 1.27)`)
    .default(DEFAULT_MPY_VERSION)
    .argParser((text: string) => {
      if (versionProfile(text) === undefined) throw new HeapInputError(unknownVersionMessage(text), { field: '--mpy-version' });
      return text;
    });
}
