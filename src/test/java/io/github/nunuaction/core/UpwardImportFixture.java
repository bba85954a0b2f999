package io.github.nunuaction.core;

import io.github.nunuaction.report.Markdown;

/**
 * For ArchitectureTest only: a class on the ground floor that reaches up into the renderers, which
 * the layering must refuse. Test classes are not part of the checked code, so it harms nothing.
 */
final class UpwardImportFixture {
  String render(Markdown markdown) {
    return markdown.text("up");
  }
}
