package io.burstlet.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small parser for {@code --name value} and {@code --name=value} options. */
final class Options {
  private final Map<String, List<String>> values = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  static Options parse(List<String> args, List<String> single, List<String> repeated) {
    Options o = new Options();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        o.positional.add(arg);
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!single.contains(name) && !repeated.contains(name)) {
        throw new UsageException("unknown option " + name);
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new UsageException(name + " needs a value");
        }
        value = args.get(++i);
      }
      List<String> list = o.values.computeIfAbsent(name, k -> new ArrayList<>());
      if (single.contains(name) && !list.isEmpty()) {
        throw new UsageException(name + " given twice");
      }
      list.add(value);
    }
    return o;
  }

  String value(String name) {
    List<String> list = values.get(name);
    return list == null ? null : list.get(0);
  }

  String required(String name) {
    String v = value(name);
    if (v == null) {
      throw new UsageException(name + " is required");
    }
    return v;
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  List<String> positional() {
    return positional;
  }
}
