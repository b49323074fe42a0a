/** The filter block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const filterMessages = defineBlockMessages({
  ko: {
    title: '필터',
    description: '테이블에서 조건에 맞는 행만 남기고, 나머지는 "제외됨"으로 보냅니다.',
    inputs: {
      in: {
        label: '행',
      },
    },
    outputs: {
      out: {
        label: '통과',
        description: '조건이 참인 행',
      },
      rejected: {
        label: '제외됨',
        description: '나머지 모든 행',
      },
    },
    fields: {
      condition: {
        label: '조건',
        help: '행마다 확인하는 JavaScript 조건입니다. `item`은 행, `index`는 그 위치입니다 (예: `item.score > 3`). 결과가 true/false가 아니면 JavaScript의 참/거짓 판정(truthiness)을 따릅니다 (0, "", null은 거짓).',
      },
    },
  },
});
