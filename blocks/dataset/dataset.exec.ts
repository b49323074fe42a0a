import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import type { datasetBlock } from './dataset.block';
import { parseDataset } from './parse';

/**
 * Outputs the file's rows and column types. A file with problems (ragged rows, broken quotes,
 * items that are not objects) fails the block rather than passing on half the data; the editor's
 * preview lists the same problems before anything runs.
 */
export const executeDataset: TBlockExecutor<typeof datasetBlock> = ({ config }) => {
  const { rows, columns, errors } = parseDataset(config.content, config.format, { hasHeader: config.hasHeader });
  if (errors.length > 0) {
    const shown = errors.slice(0, 3).map((e) => e.message);
    const more = errors.length > 3 ? ' There are more; the preview lists them.' : '';
    throw new BlockError(`${config.fileName || 'The file'} has problems: ${shown.join(' ')}${more}`, {
      field: 'content',
      code: 'invalid_dataset',
    });
  }
  return { out: rows, columns };
};
