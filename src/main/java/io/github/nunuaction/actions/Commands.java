package io.github.nunuaction.actions;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Workflow-command text, escaped as the runner unescapes it (the rules of {@code @actions/core}).
 * Everything here is pure so that the escaping can be tested on its own.
 */
public final class Commands {
  private static final Pattern LINE_BREAKS = Pattern.compile("\\R");
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");

  private Commands() {}

  /** Escapes a command's message: a value can never end the command or start a new line. */
  public static String escapeData(String value) {
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a property value, which additionally must not contain the separators. */
  public static String escapeProperty(String value) {
    return escapeData(value).replace(":", "%3A").replace(",", "%2C");
  }

  /** {@code ::name key=value,key=value::message} with every part escaped. */
  public static String command(String name, Map<String, String> properties, String message) {
    var line = new StringBuilder("::").append(name);
    String separator = " ";
    for (var property : properties.entrySet()) {
      if (property.getValue() == null || property.getValue().isEmpty()) {
        continue;
      }
      line.append(separator).append(property.getKey()).append('=');
      line.append(escapeProperty(property.getValue()));
      separator = ",";
    }
    return line.append("::").append(escapeData(message)).toString();
  }

  /**
   * Makes untrusted text safe for one plain log line. The runner treats a line that starts with
   * {@code ::} (after blanks) as a command, and {@code ##[} anywhere as a legacy one; joining the
   * text onto one line and breaking those markers keeps API text from issuing commands.
   */
  public static String oneLine(String untrusted) {
    if (untrusted == null) {
      return "";
    }
    String flat = LINE_BREAKS.matcher(untrusted).replaceAll(" ");
    flat = CONTROL.matcher(flat).replaceAll("?");
    flat = flat.replace("##[", "# #[");
    String trimmed = flat.stripLeading();
    return trimmed.startsWith("::") ? ": :" + trimmed.substring(2) : flat;
  }
}
