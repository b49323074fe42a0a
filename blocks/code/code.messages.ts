/** The code block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const codeMessages = defineBlockMessages({
  ko: {
    title: '코드',
    description: '입력에 대해 직접 작성한 JavaScript를 실행하고, 반환한 값을 전달합니다.',
    inputs: {
      in: {
        label: '입력',
        description: '코드에서 `input`으로 쓸 수 있습니다',
      },
    },
    outputs: {
      out: {
        label: '결과',
        description: '코드가 반환한 값',
      },
    },
    fields: {
      source: {
        label: '소스',
        help: 'JavaScript 함수의 본문입니다. `input`은 입력 값이고, `return`으로 결과를 돌려줍니다 (JSON 값만).',
      },
      timeoutMs: {
        label: '제한 시간(ms)',
        help: '밀리초 단위의 시간 제한입니다. 이보다 오래 실행되면 코드를 멈춥니다',
      },
    },
  },
});
