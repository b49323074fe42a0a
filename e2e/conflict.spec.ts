import { addNote, createProject, expect, expectSaved, signUpViaApi, test } from './fixtures';

test('a stale save from a second tab is refused and the user chooses what to keep', async ({ context }) => {
  await signUpViaApi(context, 'Two tabs');
  const first = await context.newPage();
  const url = await createProject(first, 'Shared draft');
  const second = await context.newPage();
  await second.goto(url);

  await addNote(first, 'Written in the first tab');
  await expectSaved(first);

  // The second tab still holds the old version: its save is refused, nothing is overwritten.
  await addNote(second, 'Written in the second tab');
  const conflict = second.getByRole('alertdialog', { name: 'This project was changed elsewhere' });
  await expect(conflict).toBeVisible();

  // Keep mine as a copy: the second tab's edits become a new project.
  await conflict.getByRole('button', { name: 'Keep mine as a copy' }).click();
  await expect(second.getByRole('heading', { name: 'Shared draft (copy)' })).toBeVisible();
  await expect(second.getByTestId('canvas').getByText('Written in the second tab')).toBeVisible();
  await expect(second.getByTestId('canvas').getByText('Written in the first tab')).toHaveCount(0);

  // The original still has the first tab's edit only.
  await first.reload();
  await expect(first.getByTestId('canvas').getByText('Written in the first tab')).toBeVisible();
  await expect(first.getByTestId('canvas').getByText('Written in the second tab')).toHaveCount(0);
});

test('"Reload theirs" replaces the stale edits with the stored graph', async ({ context }) => {
  await signUpViaApi(context, 'Reloader');
  const first = await context.newPage();
  const url = await createProject(first, 'Contested');
  const second = await context.newPage();
  await second.goto(url);

  await addNote(first, 'Their edit');
  await expectSaved(first);
  await addNote(second, 'My stale edit');
  const conflict = second.getByRole('alertdialog', { name: 'This project was changed elsewhere' });
  await conflict.getByRole('button', { name: 'Reload theirs' }).click();
  await expect(conflict).toHaveCount(0);
  await expect(second.getByTestId('canvas').getByText('Their edit')).toBeVisible();
  await expect(second.getByTestId('canvas').getByText('My stale edit')).toHaveCount(0);

  // Editing goes on from the stored version without another conflict.
  await addNote(second, 'After reloading');
  await expectSaved(second);
  await first.reload();
  await expect(first.getByTestId('canvas').getByText('After reloading')).toBeVisible();
});
