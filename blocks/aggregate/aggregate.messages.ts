/** The aggregate block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const aggregateMessages = defineBlockMessages({
  ko: {
    title: '집계 / 그룹',
    description: '테이블을 요약합니다. 테이블 전체 또는 그룹별로 개수, 합계, 평균, 최솟값, 최댓값을 구합니다.',
    inputs: {
      in: {
        label: '행',
      },
    },
    outputs: {
      out: {
        label: '요약',
        description: '그룹마다 행 하나',
      },
    },
    fields: {
      groupBy: {
        label: '그룹 기준',
        help: '그룹으로 묶을 필드입니다. 값이 같은 행끼리 한 그룹이 됩니다. 비워 두면 테이블 전체가 한 그룹입니다',
      },
      aggregations: {
        label: '집계',
        help: '그룹마다 계산할 항목입니다. 각 결과가 하나의 열이 됩니다',
      },
      'aggregations.field': {
        label: '필드',
        help: '요약할 필드입니다. "count"라면 비워 둘 수 있으며, 이때는 행 수를 셉니다',
      },
      'aggregations.op': {
        label: '연산',
        help: 'count: 행(또는 비어 있지 않은 값)의 개수, sum / avg: 숫자의 합계 / 평균, min / max: 가장 작은 / 가장 큰 값',
      },
      'aggregations.as': {
        label: '결과 이름',
        help: '결과 열의 이름입니다. 비워 두면 op_field 형식입니다 (예: "sum_amount")',
      },
    },
  },
});
