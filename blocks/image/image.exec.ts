import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import type { imageBlock } from './image.block';
import { isAllowedImageSource } from './source';

/** The input wins over the configured address; the page shows the image, the run checks the address. */
export const executeImage: TBlockExecutor<typeof imageBlock> = ({ inputs, config }) => {
  const fromInput = typeof inputs.src === 'string' && inputs.src.trim() !== '';
  const src = fromInput ? (inputs.src as string).trim() : config.src.trim();
  const where = fromInput ? { port: 'src' } : { field: 'src' };
  if (!src)
    throw new BlockError('Give the picture\'s address, here or through the "Address" input.', { field: 'src', code: 'missing_src' });
  if (!isAllowedImageSource(src)) {
    throw new BlockError(`"${src.slice(0, 80)}" is not an image address: use an http(s):// link or a data:image address.`, {
      ...where,
      code: 'invalid_src',
    });
  }
  return {};
};
