/** The http-request block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const httpRequestMessages = defineBlockMessages({
  ko: {
    title: 'HTTP 요청',
    description: '웹 API에서 데이터를 가져오거나 데이터를 보내고, 받은 JSON 응답을 전달합니다.',
    inputs: {
      in: {
        label: '입력',
        description: '{{input.field}} 자리표시자에 들어갈 값',
      },
    },
    outputs: {
      out: {
        label: '응답',
        description: '서버가 JSON을 보내면 JSON, 아니면 텍스트로 된 응답',
      },
      status: {
        label: '상태',
        description: 'HTTP 상태 코드 (예: 200)',
      },
    },
    fields: {
      method: {
        label: '메서드',
        help: 'GET은 데이터를 읽고, POST·PUT·PATCH는 본문을 보내며, DELETE는 삭제합니다',
      },
      url: {
        label: 'URL',
        help: '호출할 웹 주소입니다. {{input.field}}를 쓰면 입력의 값을 주소에 넣을 수 있습니다.',
      },
      headers: {
        label: '헤더',
        help: '추가 요청 헤더 (예: Authorization: Bearer {{secret.API_KEY}})',
      },
      'headers.name': {
        label: '이름',
        help: '헤더 이름',
      },
      'headers.value': {
        label: '값',
        help: '헤더 값입니다. 프로젝트 시크릿에 보관한 API 키는 {{secret.NAME}}으로 넣으세요.',
      },
      body: {
        label: '본문',
        help: '보낼 JSON입니다 (POST, PUT, PATCH, DELETE). 보내지 않으려면 비워 두세요(null). "{{input.field}}"는 입력의 값으로 바뀝니다.',
      },
      timeoutMs: {
        label: '제한 시간(ms)',
        help: '이 시간(밀리초)이 지나면 요청을 포기합니다',
      },
    },
  },
});
