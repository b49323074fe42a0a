/** The collection block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const collectionMessages = defineBlockMessages({
  ko: {
    title: '컬렉션',
    description: '레코드(스프레드시트의 행 같은)를 저장하고, 나중에 찾거나 바꾸거나 지웁니다.',
    inputs: {
      in: {
        label: '문서',
        description:
          'insert: 저장할 레코드. update: "id"가 들어 있는 변경 내용. delete: id (또는 { id }). Where의 {{input.field}}도 채웁니다.',
      },
    },
    outputs: {
      out: {
        label: '결과',
        description: 'find: 레코드 테이블. insert: 저장된 레코드. update: { updated, documents }. delete: { deleted, ids }',
      },
    },
    fields: {
      name: {
        label: '이름',
        help: '컬렉션 이름 (예: "orders"). 같은 이름을 쓰는 블록끼리 레코드를 공유합니다.',
      },
      operation: {
        label: '작업',
        help: '레코드를 추가(insert)하거나, 찾거나(find), 수정(update) 또는 삭제(delete)합니다',
      },
      where: {
        label: '조건 (Where)',
        help: '필드가 이 값과 같은 레코드만 (예: { "status": "open", "user": "{{input.user}}" })',
      },
      sortField: {
        label: '정렬 필드',
        help: 'find: 이 필드로 정렬합니다 (비워 두면 추가된 순서)',
      },
      sortDirection: {
        label: '정렬 방향',
        help: 'find: 작은 값부터(asc) 또는 큰 값부터(desc)',
      },
      limit: {
        label: '개수 제한',
        help: '최대 이만큼의 레코드 (find, 그리고 Where로 하는 update·delete)',
      },
    },
  },
});
