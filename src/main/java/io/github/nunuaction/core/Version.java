package io.github.nunuaction.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The action's version, stamped into the jar by Maven resource filtering. */
public final class Version {
  public static final String VERSION = load();

  private Version() {}

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/nunu-action.properties")) {
      var properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }
}
