/** The merge block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const mergeMessages = defineBlockMessages({
  ko: {
    title: '병합 / 키로 조인',
    description: '두 테이블을 합칩니다. A 뒤에 B를 붙이거나, 같은 키를 가진 A와 B의 행을 조인합니다 (스프레드시트의 조회 함수처럼).',
    inputs: {
      a: {
        label: 'A',
      },
      b: {
        label: 'B',
      },
    },
    outputs: {
      out: {
        label: '행',
      },
    },
    fields: {
      mode: {
        label: '방식',
        help: 'append: A의 모든 행 뒤에 B의 모든 행을 붙입니다. join: A의 각 행을 키가 같은 B의 행과 합칩니다',
      },
      key: {
        label: '키',
        help: 'join 전용: 두 테이블이 공유하는 필드 (예: "id"). A와 B에 같은 이름의 다른 필드가 있으면 B의 값이 우선합니다',
      },
      join: {
        label: '조인 방식',
        help: 'join 전용. inner: B에 일치하는 행이 있는 A의 행만 남깁니다. left: 일치 여부와 상관없이 A의 모든 행을 남깁니다',
      },
    },
  },
});
