import type { TBlockExecutor } from '@/blocks/core/executor';
import type { constantBlock } from './constant.block';

export const executeConstant: TBlockExecutor<typeof constantBlock> = ({ config }) => ({ out: config.value });
