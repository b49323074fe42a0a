/** The form block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const formMessages = defineBlockMessages({
  ko: {
    title: '폼',
    description: '앱 페이지에 폼을 보여 줍니다. 방문자가 제출하면 입력한 내용으로 플로우가 실행됩니다.',
    inputs: {},
    outputs: {
      submitted: {
        label: '제출된 값',
        description: '필드마다 키 하나 (예: { "name": "Ada" })',
      },
    },
    fields: {
      title: {
        label: '제목',
        help: '폼 위에 표시되는 제목',
      },
      fields: {
        label: '필드',
        help: '폼의 필드 (순서대로)',
      },
      'fields.name': {
        label: '이름',
        help: '제출된 데이터에서 이 값의 키 (예: "email")',
      },
      'fields.label': {
        label: '레이블',
        help: '방문자에게 필드 옆에 보이는 텍스트입니다. 비워 두면 이름을 보여 줍니다',
      },
      'fields.type': {
        label: '타입',
        help: '입력 종류: text, number, email, textarea(여러 줄) 또는 checkbox',
      },
      'fields.required': {
        label: '필수',
        help: '이 필드 없이는 폼을 보낼 수 없습니다 (필수 체크박스는 체크해야 합니다)',
      },
      submitLabel: {
        label: '제출 버튼 텍스트',
        help: '보내기 버튼에 표시되는 텍스트',
      },
    },
  },
});
