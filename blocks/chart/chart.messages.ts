/** The chart block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const chartMessages = defineBlockMessages({
  ko: {
    title: '차트',
    description: '데이터 행을 앱 페이지에 막대, 선 또는 원형 차트로 그립니다.',
    inputs: {
      rows: {
        label: '행',
      },
    },
    outputs: {},
    fields: {
      title: {
        label: '제목',
        help: '차트 위에 표시되는 제목 (선택)',
      },
      kind: {
        label: '종류',
        help: '막대, 선 또는 원형 차트',
      },
      x: {
        label: 'X',
        help: '레이블로 쓸 필드: x축, 또는 원형 차트의 조각 이름',
      },
      y: {
        label: 'Y',
        help: '숫자가 든 필드: 막대 높이, 선의 값 또는 조각 크기',
      },
    },
  },
});
