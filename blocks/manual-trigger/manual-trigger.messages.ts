/** The manual-trigger block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const manualTriggerMessages = defineBlockMessages({
  ko: {
    title: '수동 실행',
    description: '실행 버튼을 누르면 아래 샘플 입력으로 플로우를 시작합니다.',
    inputs: {},
    outputs: {
      out: {
        label: '입력',
        description: '샘플 입력',
      },
    },
    fields: {
      sample: {
        label: '샘플',
        help: '실행 버튼을 누를 때 다음 블록에 전달되는 샘플 입력',
      },
    },
  },
});
