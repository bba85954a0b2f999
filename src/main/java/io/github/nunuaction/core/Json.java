package io.github.nunuaction.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Defensive reads from API answers, whose shapes changed over time: a missing field, a null, or a
 * value of another type than documented all read as "absent" instead of failing.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);

  private Json() {}

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A record (or other plain value) as JSON, its components as fields. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A text field; numbers and booleans are given as text, objects and arrays as null. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
  }

  /** The first of the fields that has text. */
  public static String firstText(JsonNode node, String... fields) {
    for (String field : fields) {
      String value = text(node, field);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  public static Long integer(JsonNode node, String field) {
    return numeric(node, field, JsonNode::longValue, Long::parseLong);
  }

  /** A number that may be written as an integer, a float or a string ({@code duration_ms}). */
  public static Double number(JsonNode node, String field) {
    return numeric(node, field, JsonNode::doubleValue, Double::parseDouble);
  }

  private static <T> T numeric(
      JsonNode node, String field, Function<JsonNode, T> fromNumber, Function<String, T> fromText) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || !(value.isNumber() || value.isTextual())) {
      return null;
    }
    try {
      return value.isNumber() ? fromNumber.apply(value) : fromText.apply(value.asText().strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  public static JsonNode child(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value;
  }

  /** The elements of an array field; anything else reads as empty. */
  public static List<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    var list = new ArrayList<JsonNode>();
    if (value != null && value.isArray()) {
      value.forEach(list::add);
    }
    return list;
  }

  /** A JSON array of strings, as text: {@code ["a","b"]}. */
  public static String stringArray(List<String> values) {
    var array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return array.toString();
  }

  /** A JSON object of strings, in the map's order. */
  public static String stringMap(Map<String, String> values) {
    var object = MAPPER.createObjectNode();
    values.forEach(object::put);
    return object.toString();
  }

  public static List<String> texts(JsonNode node, String field) {
    return array(node, field).stream()
        .filter(v -> v.isValueNode() && !v.isNull())
        .map(JsonNode::asText)
        .toList();
  }
}
