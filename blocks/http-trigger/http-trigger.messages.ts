/** The http-trigger block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const httpTriggerMessages = defineBlockMessages({
  ko: {
    title: 'HTTP 엔드포인트',
    description: '누군가 앱의 이 웹 주소를 호출하면, 보낸 데이터로 플로우를 시작합니다.',
    inputs: {},
    outputs: {
      out: {
        label: '요청',
        description: '요청과 함께 보낸 데이터',
      },
    },
    fields: {
      path: {
        label: '경로',
        help: '엔드포인트 이름: 앱은 /apps/<app>/api/<name> 주소에서 응답합니다',
      },
      method: {
        label: '메서드',
        help: 'POST는 JSON 본문을 보내고, GET은 필드를 주소(쿼리 문자열)에 담아 보냅니다',
      },
      fields: {
        label: '필드',
        help: '요청이 보내야 하는 필드입니다. 맞지 않는 요청은 거부됩니다. 비워 두면 어떤 JSON이든 받습니다.',
      },
      'fields.name': {
        label: '이름',
        help: 'JSON 본문(GET이면 쿼리 문자열)에서의 필드 이름',
      },
      'fields.type': {
        label: '타입',
        help: '필드에 담기는 값: 텍스트, 숫자, 예/아니요 또는 임의의 JSON',
      },
      'fields.required': {
        label: '필수',
        help: '이 필드가 없는 요청을 거부합니다',
      },
      sample: {
        label: '샘플',
        help: '에디터에서 실행을 누를 때 쓰는 샘플 요청',
      },
    },
  },
});
