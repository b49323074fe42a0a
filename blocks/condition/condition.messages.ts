/** The condition block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const conditionMessages = defineBlockMessages({
  ko: {
    title: '조건',
    description: '조건에 따라 입력을 "참" 또는 "거짓" 분기로 보냅니다.',
    inputs: {
      in: {
        label: '입력',
      },
    },
    outputs: {
      true: {
        label: '참',
        description: '조건이 맞을 때의 입력',
      },
      false: {
        label: '거짓',
        description: '그 밖의 경우의 입력',
      },
    },
    fields: {
      expression: {
        label: '표현식',
        help: '`input`에 대한 JavaScript 조건입니다 (예: `input.amount > 100`). 결과가 true/false가 아니면 JavaScript의 참/거짓 판정(truthiness)을 따릅니다 (0, "", null은 거짓).',
      },
    },
  },
});
