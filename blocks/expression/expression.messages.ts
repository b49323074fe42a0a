/** The expression block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const expressionMessages = defineBlockMessages({
  ko: {
    title: '표현식',
    description: 'JavaScript 표현식으로 입력에서 값을 계산합니다. "행마다"를 켜면 테이블의 모든 행을 변환합니다.',
    inputs: {
      in: {
        label: '입력',
      },
    },
    outputs: {
      out: {
        label: '결과',
      },
    },
    fields: {
      expression: {
        label: '표현식',
        help: 'JavaScript 표현식입니다. `input`은 입력 값입니다 (행마다 적용할 때는 `item`과 `index`).',
      },
      forEach: {
        label: '행마다',
        help: '행마다: 목록의 모든 항목에 표현식을 적용합니다',
      },
    },
  },
});
