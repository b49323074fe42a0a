/**
 * HTML built by escaping: the `markup` tag escapes every interpolated value unless it is already
 * `SafeHtml` (made by this module or by a block's page renderer: Markdown, charts). Text that came
 * from a visitor, a block or a bundle can only ever end up as text.
 *
 * (Not called `html`: Prettier reformats templates tagged `html`, which changes the markup's
 * whitespace, and inside a <textarea> or <pre> that is content.)
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type THtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly THtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element's content or a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: THtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

export function markup(strings: TemplateStringsArray, ...values: THtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** Marks text this program wrote itself (CSS, the inline script) as HTML. Never pass it outside input. */
export function trusted(text: string): SafeHtml {
  return new SafeHtml(text);
}

export function joinHtml(parts: readonly SafeHtml[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map((p) => p.value).join(separator));
}
