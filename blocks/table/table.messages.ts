/** The table block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const tableMessages = defineBlockMessages({
  ko: {
    title: '테이블',
    description: '데이터 행을 앱 페이지에 표로 보여 줍니다.',
    inputs: {
      rows: {
        label: '행',
      },
    },
    outputs: {},
    fields: {
      title: {
        label: '제목',
        help: '테이블 위에 표시되는 제목 (선택)',
      },
      columns: {
        label: '열',
        help: '열로 보여 줄 필드 (순서대로). 비워 두면 모든 필드를 보여 줍니다',
      },
      pageSize: {
        label: '페이지 크기',
        help: '페이지당 행 수',
      },
    },
  },
});
