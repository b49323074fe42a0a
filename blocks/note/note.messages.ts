/** The note block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const noteMessages = defineBlockMessages({
  ko: {
    title: '메모',
    description: '캔버스에 남기는 메모입니다. 메모는 실행되지 않습니다.',
    inputs: {},
    outputs: {},
    fields: {
      text: {
        label: '텍스트',
        help: '메모 내용',
      },
    },
  },
});
