/** The key-value block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const keyValueMessages = defineBlockMessages({
  ko: {
    title: '키-값 저장소',
    description: '값을 이름 아래에 저장해 두었다가 나중에, 다른 실행에서도 다시 읽습니다.',
    inputs: {
      in: {
        label: '값',
        description: '저장할 값(set)과, 키 안의 {{input.field}}에 들어갈 값',
      },
    },
    outputs: {
      out: {
        label: '결과',
        description: 'get: 값 (없으면 null). set: { key, value }. delete: { key, deleted }. list: [{ key, value }]',
      },
    },
    fields: {
      operation: {
        label: '작업',
        help: '값을 가져오거나(get), 저장하거나(set), 삭제하거나(delete), 키가 접두사로 시작하는 값의 목록을 봅니다(list)',
      },
      key: {
        label: '키',
        help: '값의 이름 (예: "visits" 또는 "user:{{input.id}}")',
      },
      prefix: {
        label: '접두사',
        help: 'list: 이 값으로 시작하는 키만 (비워 두면 전부)',
      },
    },
  },
});
