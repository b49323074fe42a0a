/** The sort-limit block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const sortLimitMessages = defineBlockMessages({
  ko: {
    title: '정렬 / 개수 제한',
    description: '테이블의 행을 필드 기준으로 정렬하고 앞쪽 행만 남깁니다 (예: 상위 10개).',
    inputs: {
      in: {
        label: '행',
      },
    },
    outputs: {
      out: {
        label: '행',
      },
    },
    fields: {
      field: {
        label: '필드',
        help: '이 필드로 정렬합니다. 비워 두면 지금 순서를 유지합니다. 숫자는 크기 순, 텍스트는 사전 순이며 빈 값은 맨 뒤에 옵니다',
      },
      direction: {
        label: '방향',
        help: 'asc: 작은 값부터 (A→Z), desc: 큰 값부터 (Z→A)',
      },
      limit: {
        label: '개수 제한',
        help: '최대 이만큼의 행만 남깁니다. 0이면 모두 남깁니다',
      },
      offset: {
        label: '건너뛰기',
        help: '먼저 이만큼의 행을 건너뜁니다 (페이지 나누기: offset 20, limit 10이면 21~30번째 행)',
      },
    },
  },
});
