package io.burstlet.chart;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the chart's Grafana dashboard reads: every PromQL expression of its panels and
 * template variables, reduced to the series names it selects (functions, aggregations, label
 * matchers, grouping labels, ranges and Grafana variables left out).
 */
public final class DashboardMetrics {
  /** The dashboard the chart ships. */
  public static final Path DASHBOARD = Path.of("charts/burstlet/dashboards/burstlet.json");

  private static final Pattern STRINGS =
      Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  // Possessive, so that "rate(" is a function and never the series "rat".
  private static final Pattern NAME =
      Pattern.compile("(?<![\\w$:.])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$", Pattern.DOTALL);
  private static final Pattern QUERY_RESULT =
      Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "inf",
          "nan");

  private DashboardMetrics() {}

  /** The series names read by the shipped dashboard. */
  public static Set<String> read() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String query : queries(Files.readString(DASHBOARD))) {
      names.addAll(metricNames(query));
    }
    return names;
  }

  /** Every PromQL expression of a dashboard: panel targets (also in rows) and query variables. */
  public static List<String> queries(String dashboardJson) {
    JsonObject dashboard = JsonParser.parseString(dashboardJson).getAsJsonObject();
    List<String> queries = new ArrayList<>();
    collectExpressions(dashboard.get("panels"), queries);
    JsonObject templating = dashboard.getAsJsonObject("templating");
    if (templating != null) {
      for (JsonElement variable : templating.getAsJsonArray("list")) {
        JsonObject v = variable.getAsJsonObject();
        if (!"query".equals(v.get("type").getAsString())) {
          continue;
        }
        JsonElement query = v.get("query");
        String text =
            query.isJsonObject()
                ? query.getAsJsonObject().get("query").getAsString()
                : query.getAsString();
        Matcher labelValues = LABEL_VALUES.matcher(text);
        Matcher queryResult = QUERY_RESULT.matcher(text);
        if (labelValues.matches()) {
          queries.add(labelValues.group(1));
        } else if (queryResult.matches()) {
          queries.add(queryResult.group(1));
        } else if (!text.matches("^\\s*label_values\\(\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$")) {
          throw new IllegalArgumentException("unknown variable query " + text);
        }
      }
    }
    return queries;
  }

  private static void collectExpressions(JsonElement element, List<String> into) {
    if (element == null || element.isJsonNull() || element.isJsonPrimitive()) {
      return;
    }
    if (element.isJsonArray()) {
      element.getAsJsonArray().forEach(e -> collectExpressions(e, into));
      return;
    }
    for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
      if (e.getKey().equals("expr") && e.getValue().isJsonPrimitive()) {
        into.add(e.getValue().getAsString());
      } else {
        collectExpressions(e.getValue(), into);
      }
    }
  }

  /** The series names one PromQL expression selects. */
  public static Set<String> metricNames(String promql) {
    String s = STRINGS.matcher(promql).replaceAll(" ");
    s = s.replaceAll("\\{[^}]*}", " ");
    s = s.replaceAll("\\[[^]]*]", " ");
    s = GROUPING.matcher(s).replaceAll(" ");
    s = s.replaceAll("\\boffset\\s+\\S+", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(s);
    while (m.find()) {
      if (!KEYWORDS.contains(m.group(1).toLowerCase(java.util.Locale.ROOT))) {
        names.add(m.group(1));
      }
    }
    return names;
  }
}
