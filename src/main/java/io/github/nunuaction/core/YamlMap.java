package io.github.nunuaction.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a map input (a YAML block in the workflow, or JSON) as YAML means it: an alias ({@code *a})
 * is the value of its anchor ({@code &a}), and a merge key ({@code <<: *a}, or a list of aliases)
 * adds the anchored maps' entries that the map does not set itself. Plain scalars are YAML 1.1's
 * null, booleans ({@code yes}, {@code on} ...), integers (hex, octal, {@code 1_000}) and floats, as
 * before; dates and {@code 1:30} stay text. What could make reading slow or large is refused: more
 * than {@link #MAX_CHARS} characters, nesting deeper than {@link #MAX_DEPTH} (a map that holds
 * itself, too), or aliases that expand to more than {@link #MAX_NODES} values (an alias bomb).
 */
public final class YamlMap {
  static final int MAX_CHARS = 64 * 1024;
  static final int MAX_DEPTH = 20;
  static final int MAX_NODES = 10_000;

  /** Why an input cannot be read; the message completes "must be a map, as YAML or JSON; ...". */
  public static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private int nodes;

  private YamlMap() {}

  /** The input as a tree (the caller refuses anything but a map); null for an empty document. */
  public static JsonNode read(String text) throws Refused {
    if (text.length() > MAX_CHARS) {
      throw new Refused("it is " + text.length() + " characters long; at most " + MAX_CHARS);
    }
    var options = new LoaderOptions();
    options.setCodePointLimit(MAX_CHARS);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMaxAliasesForCollections(MAX_NODES);
    options.setAllowRecursiveKeys(false);
    Node root;
    try {
      root =
          new Composer(new ParserImpl(new StreamReader(text), options), new Scalars(), options)
              .getSingleNode();
    } catch (YAMLException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      if (message.contains("Nesting Depth")) {
        throw new Refused("it nests deeper than " + MAX_DEPTH + " levels");
      }
      throw new Refused("it does not parse: " + message.replaceAll("\\s+", " ").strip());
    }
    return root == null ? null : new YamlMap().value(root, 0);
  }

  private JsonNode value(Node node, int depth) throws Refused {
    if (depth > MAX_DEPTH) {
      throw new Refused("it nests deeper than " + MAX_DEPTH + " levels (or holds itself)");
    }
    if (++nodes > MAX_NODES) {
      throw new Refused(
          "its aliases expand to more than " + MAX_NODES + " values (an alias bomb?)");
    }
    return switch (node) {
      case MappingNode map -> map(map, depth);
      case SequenceNode list -> list(list, depth);
      case ScalarNode scalar -> scalar(scalar);
      default -> throw new Refused("it holds a value that is not a map, list or scalar");
    };
  }

  private ObjectNode map(MappingNode node, int depth) throws Refused {
    ObjectNode map = JsonNodeFactory.instance.objectNode();
    var merged = new ArrayList<ObjectNode>();
    for (NodeTuple entry : node.getValue()) {
      if (entry.getKeyNode().getTag().equals(Tag.MERGE)) {
        merged.addAll(mergeSources(value(entry.getValueNode(), depth + 1)));
      } else if (entry.getKeyNode() instanceof ScalarNode key) {
        map.set(key.getValue(), value(entry.getValueNode(), depth + 1));
      } else {
        throw new Refused("a key is a map or a list; keys must be plain text");
      }
    }
    // The map's own keys win, then the merged maps in the order given.
    for (ObjectNode source : merged) {
      for (var entry : source.properties()) {
        if (!map.has(entry.getKey())) {
          map.set(entry.getKey(), entry.getValue());
        }
      }
    }
    return map;
  }

  private static List<ObjectNode> mergeSources(JsonNode value) throws Refused {
    if (value instanceof ObjectNode single) {
      return List.of(single);
    }
    var sources = new ArrayList<ObjectNode>();
    if (value instanceof ArrayNode list) {
      for (JsonNode item : list) {
        if (item instanceof ObjectNode map) {
          sources.add(map);
        } else {
          sources.clear();
          break;
        }
      }
    }
    if (sources.isEmpty()) {
      throw new Refused("a merge key (<<) takes a map or a list of maps, e.g. <<: *defaults");
    }
    return sources;
  }

  private ArrayNode list(SequenceNode node, int depth) throws Refused {
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (Node item : node.getValue()) {
      list.add(value(item, depth + 1));
    }
    return list;
  }

  /** A scalar by the tag it resolved to (or was given): text unless it is plainly more. */
  private static JsonNode scalar(ScalarNode node) {
    String text = node.getValue();
    var json = JsonNodeFactory.instance;
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return json.nullNode();
    }
    if (tag.equals(Tag.BOOL) && Resolver.BOOL.matcher(text).matches()) {
      return json.booleanNode(Booleans.TRUE.matcher(text).matches());
    }
    if (tag.equals(Tag.INT) && Scalars.INT.matcher(text).matches()) {
      return integer(text);
    }
    if (tag.equals(Tag.FLOAT) && Scalars.FLOAT.matcher(text).matches()) {
      return json.numberNode(Double.parseDouble(text.replace("_", "")));
    }
    return json.textNode(text);
  }

  /** An integer as YAML 1.1 writes it: signed, with {@code _}, in binary, octal or hex. */
  private static JsonNode integer(String text) {
    String digits = text.replace("_", "");
    int sign = digits.startsWith("-") ? -1 : 1;
    if (digits.startsWith("-") || digits.startsWith("+")) {
      digits = digits.substring(1);
    }
    int radix = 10;
    if (digits.startsWith("0b")) {
      radix = 2;
      digits = digits.substring(2);
    } else if (digits.startsWith("0x")) {
      radix = 16;
      digits = digits.substring(2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      radix = 8;
      digits = digits.substring(1);
    }
    BigInteger value = new BigInteger(digits, radix);
    value = sign < 0 ? value.negate() : value;
    var json = JsonNodeFactory.instance;
    if (value.bitLength() < 32) {
      return json.numberNode(value.intValue());
    }
    return value.bitLength() < 64 ? json.numberNode(value.longValue()) : json.numberNode(value);
  }

  /** {@code true}, {@code yes} and {@code on}, in the casings YAML 1.1 allows. */
  private static final class Booleans {
    static final Pattern TRUE = Pattern.compile("true|True|TRUE|yes|Yes|YES|on|On|ON");
  }

  /**
   * YAML 1.1's implicit types without dates and base-60 numbers ({@code 1:30}), which would
   * surprise in template data: those stay text, as they were.
   */
  private static final class Scalars extends Resolver {
    static final Pattern INT =
        Pattern.compile(
            "[-+]?0b_*[01][01_]*|[-+]?0_*[0-7][0-7_]*|[-+]?(?:0|[1-9][0-9_]*)"
                + "|[-+]?0x_*[0-9a-fA-F][0-9a-fA-F_]*");
    static final Pattern FLOAT =
        Pattern.compile("[-+]?(?:\\.[0-9]+|[0-9][0-9_]*(?:\\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?");

    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
      addImplicitResolver(Tag.INT, Pattern.compile("^(?:" + INT.pattern() + ")$"), "-+0123456789");
      addImplicitResolver(
          Tag.FLOAT, Pattern.compile("^(?:" + FLOAT.pattern() + ")$"), "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
