/** The constant block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const constantMessages = defineBlockMessages({
  ko: {
    title: '상수',
    description: '직접 입력하는 고정 값 또는 샘플 데이터입니다.',
    inputs: {},
    outputs: {
      out: {
        label: '값',
      },
    },
    fields: {
      value: {
        label: '값',
        help: 'JSON 형식의 값',
      },
    },
  },
});
