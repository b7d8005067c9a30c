/** `--mpy-version`: the MicroPython version to model, one declaration for every command that takes it. */
import { Option } from 'commander';
import { DEFAULT_MPY_VERSION } from '@heaplab/core';

/** The option, described for the command that takes it (`of`: what the version is of). */
export function mpyVersionOption(of: string): Option {
  return new Option('--mpy-version <version>', `MicroPython version ${of}`).default(DEFAULT_MPY_VERSION);
}
