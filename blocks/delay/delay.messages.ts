/** The delay block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const delayMessages = defineBlockMessages({
  ko: {
    title: '지연',
    description: '잠시 기다렸다가 입력을 그대로 전달합니다.',
    inputs: {
      in: {
        label: '입력',
      },
    },
    outputs: {
      out: {
        label: '출력',
        description: '기다린 뒤 그대로 전달되는 입력',
      },
    },
    fields: {
      seconds: {
        label: '초',
        help: '기다릴 시간(초)',
      },
      ms: {
        label: '밀리초',
        help: '기다릴 시간(밀리초, 1000 = 1초)',
      },
      jitterMs: {
        label: '무작위 추가 시간(ms)',
        help: '실행마다 무작위로 더할 대기 시간의 최댓값(밀리초)입니다. 0이면 정확히 "밀리초"만큼 기다립니다',
      },
    },
  },
});
