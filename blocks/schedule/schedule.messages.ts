/** The schedule block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const scheduleMessages = defineBlockMessages({
  ko: {
    title: '스케줄',
    description: '일정한 간격으로(예: 매시간) 플로우를 반복해서 시작합니다.',
    inputs: {},
    outputs: {
      out: {
        label: '틱',
        description: '이번 실행이 시작된 시각 ({ firedAt, scheduledEvery })',
      },
    },
    fields: {
      every: {
        label: '간격',
        help: '두 실행 사이에 둘 단위의 수',
      },
      unit: {
        label: '단위',
        help: '분, 시간 또는 일',
      },
    },
  },
});
