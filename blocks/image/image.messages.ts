/** The image block's texts beyond English (English is its definition's own): see blocks/core/messages.ts. */
import { defineBlockMessages } from '@/blocks/core/messages';

export const imageMessages = defineBlockMessages({
  ko: {
    title: '이미지',
    description: '웹 주소나 플로우에서 받은 그림을 앱 페이지에 보여 줍니다.',
    inputs: {
      src: {
        label: '주소',
        description: '연결되면 설정한 주소 대신 사용합니다',
      },
    },
    outputs: {},
    fields: {
      src: {
        label: '이미지 주소',
        help: '그림의 주소: https:// 링크 (또는 data:image 주소). 플로우에서 받으면 비워 두세요',
      },
      alt: {
        label: '대체 텍스트',
        help: '그림을 볼 수 없는 방문자에게 읽어 주는 짧은 설명',
      },
      width: {
        label: '너비',
        help: '픽셀 단위 너비입니다. 0이면 그림의 원래 크기를 씁니다 (페이지보다 넓어지지는 않습니다)',
      },
    },
  },
});
