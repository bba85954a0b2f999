package io.github.nunuaction.report;

import io.github.nunuaction.core.Formats;
import io.github.nunuaction.results.Knowledge;
import io.github.nunuaction.results.Results;

/** The step summary's folded section on what the agents knew (API.md 2.6). */
final class KnowledgeSection {
  private static final int MAX_KNOWLEDGE_ROWS = 200;

  private final Markdown markdown;

  KnowledgeSection(Markdown markdown) {
    this.markdown = markdown;
  }

  /** What the agents knew: the knowledge files in scope, and how they differ from knowledge-dir. */
  String render(Results results) {
    Knowledge knowledge = results.review().knowledge();
    if (knowledge == null || knowledge.problem() != null) {
      return "";
    }
    var out =
        new StringBuilder("<details><summary>What the agents knew: ")
            .append(knowledge.files().size())
            .append(knowledge.files().size() == 1 ? " knowledge file" : " knowledge files")
            .append("</summary>\n\n");
    if (knowledge.drift() != null && !knowledge.drift().none()) {
      var drift = knowledge.drift();
      out.append(
          "> [!WARNING]\n> knowledge-dir and nunu differ; the agents may be reading stale files.");
      drift
          .missing()
          .forEach(p -> out.append("<br>Missing in nunu: ").append(markdown.text(p, 200)));
      drift.extra().forEach(p -> out.append("<br>Only in nunu: ").append(markdown.text(p, 200)));
      drift.different().forEach(p -> out.append("<br>Changed: ").append(markdown.text(p, 200)));
      out.append("\n\n");
    }
    if (knowledge.drift() != null && !knowledge.drift().uncomparable().isEmpty()) {
      out.append("Not compared (nunu's ETag is not an MD5 of the content): ")
          .append(
              String.join(
                  ", ",
                  knowledge.drift().uncomparable().stream()
                      .map(p -> markdown.text(p, 200))
                      .toList()))
          .append("\n\n");
    }
    if (!knowledge.files().isEmpty()) {
      out.append("| Scope | File | Size | Uploaded | Description |\n|---|---|---|---|---|\n");
      for (Knowledge.File file :
          knowledge.files().subList(0, Math.min(MAX_KNOWLEDGE_ROWS, knowledge.files().size()))) {
        out.append("| ")
            .append(markdown.text(file.scope(), 20))
            .append(" | ")
            .append(markdown.text(file.path(), 200))
            .append(" | ")
            .append(Formats.size(file.size()))
            .append(" | ")
            .append(markdown.text(file.uploaded(), 40))
            .append(" | ")
            .append(markdown.text(file.description(), 200))
            .append(" |\n");
      }
      out.append('\n');
    }
    return out.append("</details>\n\n").toString();
  }
}
