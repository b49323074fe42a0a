/** The dataset block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const datasetMessages = defineBlockMessages({
  ko: {
    title: '데이터셋',
    description: '업로드한 CSV 또는 JSON 파일(예: 스프레드시트에서 내보낸 파일)로 만든 테이블입니다.',
    inputs: {},
    outputs: {
      out: {
        label: '행',
        description: '행마다 객체 하나',
      },
      columns: {
        label: '열',
        description: '각 열의 이름과 타입 (예: [{ "name": "price", "type": "number" }])',
      },
    },
    fields: {
      fileName: {
        label: '파일 이름',
        help: '업로드한 파일의 이름',
      },
      format: {
        label: '형식',
        help: 'CSV(스프레드시트 내보내기) 또는 JSON(객체 목록)',
      },
      content: {
        label: '내용',
        help: '파일 내용 (최대 2 MB)',
      },
      hasHeader: {
        label: '머리글 행 있음',
        help: 'CSV 전용: 첫 줄에 열 이름이 있습니다',
      },
    },
  },
});
