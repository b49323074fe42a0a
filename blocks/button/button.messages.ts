/** The button block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const buttonMessages = defineBlockMessages({
  ko: {
    title: '버튼',
    description: '앱 페이지에 버튼을 보여 줍니다. 클릭하면 연결된 블록이 실행됩니다.',
    inputs: {},
    outputs: {
      clicked: {
        label: '클릭됨',
        description: '클릭된 시각과 아래 페이로드',
      },
    },
    fields: {
      label: {
        label: '레이블',
        help: '버튼에 표시되는 텍스트',
      },
      payload: {
        label: '페이로드',
        help: '클릭할 때마다 함께 보내는 추가 데이터 (JSON 객체, 예: { "action": "refresh" })',
      },
    },
  },
});
