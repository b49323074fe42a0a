/** The text block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const textMessages = defineBlockMessages({
  ko: {
    title: '텍스트 / Markdown',
    description: '앱 페이지에 텍스트(Markdown으로 제목, 목록, 링크)를 보여 주고, 입력의 값을 채워 넣습니다.',
    inputs: {
      in: {
        label: '값',
        description: '{{input.field}} 자리표시자가 읽는 값',
      },
    },
    outputs: {
      out: {
        label: '텍스트',
        description: '자리표시자를 채운 텍스트',
      },
    },
    fields: {
      markdown: {
        label: 'Markdown',
        help: 'Markdown으로 쓴 텍스트입니다. {{input.field}}는 입력의 해당 필드로 바뀝니다 (예: {{input.name}})',
      },
    },
  },
});
