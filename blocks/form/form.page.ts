/**
 * The Form on the page: a classic `<form method="post">` to its endpoint, so it works without
 * script (the gateway shows the page again with the errors, or redirects with `sent=<nodeId>`);
 * the page's script posts it as JSON instead when it can. Server-only.
 */
import { markup, type SafeHtml } from '@/blocks/core/html';
import { actionOf, section, type TPageRendererOf } from '@/blocks/core/page';
import type { formBlock } from './form.block';
import { FORM_MAX_LENGTH } from './validate';

export const formPage: TPageRendererOf<typeof formBlock> = {
  render(element, _data, context) {
    const { config } = element;
    const state = context.formState?.nodeId === element.nodeId ? context.formState : undefined;
    const sent = context.query.get('sent') === element.nodeId;
    const fields = config.fields.map((field) => {
      const id = `f-${element.nodeId}-${field.name}`;
      const errorId = `e-${element.nodeId}-${field.name}`;
      const error = state?.errors.find((e) => e.field === field.name)?.message ?? '';
      const value = state?.values[field.name];
      const label = field.label || field.name;
      const invalid = error ? markup` aria-invalid="true"` : '';
      const required = field.required ? markup` required` : '';
      const common = markup`id="${id}" name="${field.name}" aria-describedby="${errorId}"${invalid}${required}`;
      const errorSlot = markup`<p class="field-error" id="${errorId}" data-error-for="${field.name}">${error}</p>`;
      if (field.type === 'checkbox') {
        const checked = value === true ? markup` checked` : '';
        return markup`<div class="field check"><input type="checkbox" value="on" ${common}${checked}><label for="${id}">${label}</label>${errorSlot}</div>`;
      }
      const text = typeof value === 'string' ? value : '';
      let input: SafeHtml;
      if (field.type === 'textarea') {
        input = markup`<textarea ${common} maxlength="${FORM_MAX_LENGTH.textarea}">${text}</textarea>`;
      } else if (field.type === 'number') {
        input = markup`<input type="number" step="any" inputmode="decimal" ${common} value="${text}">`;
      } else {
        const autocomplete = field.type === 'email' ? markup` autocomplete="email"` : '';
        input = markup`<input type="${field.type}" ${common} maxlength="${FORM_MAX_LENGTH[field.type]}" value="${text}"${autocomplete}>`;
      }
      return markup`<div class="field"><label for="${id}">${label}</label>${input}${errorSlot}</div>`;
    });
    const status = state
      ? markup`<p class="form-status error" role="status">${state.message}</p>`
      : sent
        ? markup`<p class="form-status ok" role="status">Sent. Thank you!</p>`
        : markup`<p class="form-status" role="status"></p>`;
    return section(
      element,
      config.title,
      markup`<form method="post" action="${actionOf(element, context)}" data-trigger="${element.nodeId}" data-kind="form" data-done="Sent. Thank you!">${fields}<button type="submit">${config.submitLabel}</button>${status}</form>`,
    );
  },
};
