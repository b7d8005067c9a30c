/** Address-ordered first fit: the lowest free run that fits, searched from block 0 every time. */
import { firstFit } from '../block-table/index.js';
import { runChooser } from './run-chooser.js';

export const firstFitStrategy = runChooser(
  'first-fit',
  'address-ordered first fit with no search hints: the lowest run that fits',
  (tables, _runs, area, blocks) => firstFit(tables[area]!, blocks),
  false,
);
