import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { START_SETTINGS, withStartSettings } from '../../../scripts/start';

describe('npm start: the development profile', () => {
  it('turns off the walkthrough, the welcome page and the parent-folder git toast', () => {
    const written = JSON.parse(withStartSettings(undefined)!) as Record<string, unknown>;
    assert.equal(written['workbench.startupEditor'], 'none');
    assert.equal(written['workbench.welcomePage.walkthroughs.openOnInstall'], false);
    assert.equal(written['git.openRepositoryInParentFolders'], 'never');
  });

  it('keeps what the person set, and leaves a file it cannot read as plain JSON alone', () => {
    const written = JSON.parse(withStartSettings('{"workbench.startupEditor": "welcomePage", "editor.fontSize": 18}')!) as Record<string, unknown>;
    assert.equal(written['workbench.startupEditor'], 'welcomePage');
    assert.equal(written['editor.fontSize'], 18);
    assert.equal(withStartSettings(JSON.stringify(START_SETTINGS)), undefined, 'nothing to add: not rewritten');
    assert.equal(withStartSettings('{ // a comment\n}'), undefined);
  });
});
